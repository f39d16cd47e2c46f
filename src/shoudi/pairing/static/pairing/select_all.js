// 全选: a checkbox [data-select-all="name"] ticks or clears every checkbox named "name" in its form.
document.addEventListener("change", function (event) {
  var box = event.target;
  if (!box.matches || !box.matches("[data-select-all]")) return;
  var name = box.getAttribute("data-select-all");
  box.form.querySelectorAll('input[type=checkbox][name="' + name + '"]').forEach(function (item) {
    item.checked = box.checked;
  });
});
