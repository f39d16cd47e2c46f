// First use (set the PIN, then the first sync) and the PIN screen. Five wrong PINs in a row wipe the phone.

let m;

export const MAX_TRIES = 5;

export function init(modules) {
  m = modules;
}

function pinInput(name, label, autocomplete) {
  const { h } = m.dom;
  return h(
    "div",
    { class: "field" },
    h("label", { for: `f-${name}` }, label),
    h("input", {
      id: `f-${name}`,
      name,
      type: "password",
      inputmode: "numeric",
      autocomplete,
      maxlength: "8",
      class: "pin",
      "aria-describedby": `e-${name}`,
    }),
    h("small", { class: "error", id: `e-${name}`, role: "alert" }),
  );
}

function problem(form, name, text) {
  m.fields.showErrors(form, text ? { [name]: [text] } : {});
}

// A message from the last sync or wipe (e.g. 本机数据已清除：…), shown on top of the first-use screen.
function notice() {
  const text = m.sync.state.text;
  return text ? m.dom.h("p", { class: "notice", role: "status" }, text) : null;
}

export function setupScreen(main) {
  const { h, fill } = m.dom;
  const form = h(
    "form",
    { novalidate: true, class: "card-form", dataset: { form: "field.setup" } },
    h("p", {}, `${m.cfg.user || ""}，您好。首次使用请在有网络的地方设置一个 4–8 位数字的 PIN，然后下载“我的农户”。`),
    h("p", { class: "help" }, "以后每次打开都要输入这个 PIN；连续输错 5 次，本机数据会被清除。"),
    pinInput("pin", "设置 PIN（4–8 位数字）", "new-password"),
    pinInput("pin2", "再输入一次", "new-password"),
    h("p", { class: "form-errors", role: "alert", hidden: true }),
    h("button", { type: "submit", class: "big" }, "设置 PIN 并同步"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const pin = form.elements.pin.value;
    if (!m.vault.PIN_PATTERN.test(pin)) return problem(form, "pin", "PIN 须为 4–8 位数字");
    if (form.elements.pin2.value !== pin) return problem(form, "pin2", "两次输入的 PIN 不一致");
    if (!navigator.onLine) return problem(form, "pin", "首次使用需要联网：请连上网络后再试");
    form.querySelector("button").disabled = true;
    problem(form, "pin", "");
    const salt = m.vault.newSalt();
    const key = await m.vault.deriveKey(pin, salt);
    await m.store.meta.set("salt", salt);
    await m.store.meta.set("check", await m.vault.makeCheck(key));
    await m.store.meta.set("fails", 0);
    m.store.unlock(key);
    m.app.unlocked();
  });
  fill(main, h("h2", {}, "首次使用"), notice(), form);
  form.elements.pin.focus();
}

export function pinScreen(main) {
  const { h, fill } = m.dom;
  const form = h(
    "form",
    { novalidate: true, class: "card-form", dataset: { form: "field.pin" } },
    pinInput("pin", "请输入 PIN", "current-password"),
    h("p", { class: "form-errors", role: "alert", hidden: true }),
    h("button", { type: "submit", class: "big" }, "打开"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      await tryPin(form, form.elements.pin.value);
    } finally {
      button.disabled = false;
    }
  });
  const forget = h(
    "button",
    {
      type: "button",
      class: "secondary outline",
      onclick: async () => {
        if (!confirm("清除本机所有离线数据（尚未上传的记录也会丢失）？")) return;
        await m.sync.wipeAll("本人清除");
        m.app.wiped();
      },
    },
    "忘记 PIN？清除本机数据",
  );
  fill(main, h("h2", {}, "输入 PIN 打开"), form, h("p", { class: "forget" }, forget));
  form.elements.pin.focus();
}

async function tryPin(form, pin) {
  const salt = await m.store.meta.get("salt");
  const check = await m.store.meta.get("check");
  const key = m.vault.PIN_PATTERN.test(pin) ? await m.vault.deriveKey(pin, salt) : null;
  if (key && (await m.vault.keyFits(key, check))) {
    await m.store.meta.set("fails", 0);
    m.store.unlock(key);
    m.app.unlocked();
    return;
  }
  const fails = ((await m.store.meta.get("fails")) || 0) + 1;
  await m.store.meta.set("fails", fails);
  if (fails >= MAX_TRIES) {
    await m.sync.wipeAll(`连续 ${MAX_TRIES} 次输入错误的 PIN`);
    m.app.wiped();
    return;
  }
  form.elements.pin.value = "";
  problem(form, "pin", `PIN 不正确，还可以再试 ${MAX_TRIES - fails} 次`);
}
