// The calls to the server's field API (/api/v1/field/…), same origin, with the Django session.
// JSON writes carry the CSRF token (cookie "csrftoken") in X-CSRFToken. A 4xx answer has the API's error shape
// {"detail": "中文说明", "field": …, "errors": {…}} and becomes an ApiError; no network at all is status 0.

let cfg;

export function init(modules) {
  cfg = modules.cfg;
}

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.detail) || describe(status));
    this.status = status;
    this.body = body || {};
  }

  get offline() {
    return this.status === 0;
  }

  // The session is gone (logged out, expired): the person must log in again while online.
  get loggedOut() {
    return this.status === 401 || (this.status === 403 && !this.body.wipe && /登录|认证|CSRF/i.test(this.message));
  }
}

function describe(status) {
  if (status === 0) return "网络不通，稍后会自动重试";
  if (status === 401) return "登录已过期，请联网后重新登录";
  if (status === 413) return "一次上传的数据太大";
  if (status >= 500) return `服务器出错（${status}），稍后会自动重试`;
  return `请求失败（${status}）`;
}

function csrfToken() {
  const found = document.cookie.split("; ").find((part) => part.startsWith("csrftoken="));
  return found ? decodeURIComponent(found.slice("csrftoken=".length)) : cfg.csrf;
}

async function call(path, { method = "GET", json, form, headers = {} } = {}) {
  const init = { method, credentials: "same-origin", headers: { Accept: "application/json", ...headers } };
  if (method !== "GET") init.headers["X-CSRFToken"] = csrfToken();
  if (json !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(json);
  } else if (form) {
    init.body = form;
  }
  let response;
  try {
    response = await fetch(cfg.api + path, init);
  } catch {
    throw new ApiError(0, null);
  }
  const type = response.headers.get("Content-Type") || "";
  const body = type.includes("json") ? await response.json().catch(() => null) : null;
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

const deviceHeaders = (device) => ({ "X-Device-Secret": device.secret });

export const api = {
  status: (device) => call(`device/${device.id}/status`, { headers: deviceHeaders(device) }),
  wiped: (device) => call(`device/${device.id}/wiped`, { method: "POST", headers: deviceHeaders(device) }),
  register: (label) => call("device", { method: "POST", json: { label } }),
  forms: () => call("forms"),
  pull: (deviceId) => call(`sync?device=${encodeURIComponent(deviceId)}`),
  discard: (clientId) => call(`records/${clientId}/discard`, { method: "POST" }),
  // records: the JSON list; photos: [[client_id, Blob], …] sent as files "photo-<client_id>".
  upload(deviceId, records, photos) {
    const form = new FormData();
    form.append("device", deviceId);
    form.append("records", JSON.stringify(records));
    for (const [clientId, blob] of photos) form.append(`photo-${clientId}`, blob, `${clientId}.jpg`);
    return call("upload", { method: "POST", form });
  },
};
