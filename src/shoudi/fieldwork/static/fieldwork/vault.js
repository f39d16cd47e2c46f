// The PIN and the encryption of everything the app keeps on the phone (WebCrypto only, no library).
//
// key = PBKDF2(PIN, salt, 200 000 rounds, SHA-256) → AES-GCM 256. The key never leaves memory (it is not
// extractable and never stored): after a reload the person types the PIN again. A sealed value is
// {iv, ct}: a fresh 12-byte IV and the AES-GCM ciphertext (which also authenticates it, so a wrong key fails
// to open it: that is how a wrong PIN is told apart).

export const ROUNDS = 200000;
export const PIN_PATTERN = /^\d{4,8}$/;
const CHECK_TEXT = "守底外业"; // sealed with the key at PIN set-up; opening it proves the PIN

const text = new TextEncoder();
const words = new TextDecoder();

export function newSalt() {
  return crypto.getRandomValues(new Uint8Array(16));
}

export async function deriveKey(pin, salt) {
  const material = await crypto.subtle.importKey("raw", text.encode(pin), "PBKDF2", false, ["deriveKey"]);
  return crypto.subtle.deriveKey(
    { name: "PBKDF2", salt, iterations: ROUNDS, hash: "SHA-256" },
    material,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
}

// Bytes (an ArrayBuffer or typed array) → {iv, ct}.
export async function sealBytes(key, bytes) {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, bytes);
  return { iv, ct };
}

// {iv, ct} → ArrayBuffer; throws (OperationError) when the key is not the one that sealed it.
export async function openBytes(key, sealed) {
  return crypto.subtle.decrypt({ name: "AES-GCM", iv: sealed.iv }, key, sealed.ct);
}

// Any JSON value → {iv, ct}.
export async function seal(key, value) {
  return sealBytes(key, text.encode(JSON.stringify(value)));
}

export async function open(key, sealed) {
  return JSON.parse(words.decode(await openBytes(key, sealed)));
}

// What is stored at PIN set-up to check a PIN later.
export async function makeCheck(key) {
  return seal(key, CHECK_TEXT);
}

// True when ``key`` (derived from the typed PIN) opens the check sealed at set-up.
export async function keyFits(key, check) {
  try {
    return (await open(key, check)) === CHECK_TEXT;
  } catch {
    return false;
  }
}
