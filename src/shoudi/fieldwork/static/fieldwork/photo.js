// A visit's photo: taken with the camera (or picked), shrunk to at most 1280 px on its longer side and saved as
// JPEG quality 0.75 before it is stored (a phone photo of 4 MB becomes about 200 KB: cheap to keep and to send).

export const MAX_SIDE = 1280;
export const QUALITY = 0.75;

function canvasOf(width, height) {
  if (typeof OffscreenCanvas !== "undefined") return new OffscreenCanvas(width, height);
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  return canvas;
}

function jpegOf(canvas) {
  if (canvas.convertToBlob) return canvas.convertToBlob({ type: "image/jpeg", quality: QUALITY });
  return new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", QUALITY));
}

// File → Blob (image/jpeg, ≤ MAX_SIDE px). Throws a Chinese message when the file is not a picture.
export async function downscale(file) {
  let bitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  } catch {
    throw new Error("无法读取这张照片，请换一张 JPG 或 PNG 照片");
  }
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = canvasOf(width, height);
  const context = canvas.getContext("2d");
  context.fillStyle = "#fff"; // a transparent PNG gets a white background, not black
  context.fillRect(0, 0, width, height);
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  return jpegOf(canvas);
}
