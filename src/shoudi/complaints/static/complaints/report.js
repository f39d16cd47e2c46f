/* The public report form: once a township is chosen, the village list shows only its villages (a village's
   code starts with its township's). Without this script every village stays listed, grouped by township, and
   the server checks that the village belongs to the township. */
(function () {
  var township = document.querySelector("select[data-township]");
  var village = document.querySelector("select[data-village]");
  if (!township || !village) return;
  function narrow() {
    var code = township.value;
    Array.prototype.forEach.call(village.querySelectorAll("optgroup"), function (group) {
      var options = group.querySelectorAll("option");
      var shown = !code || (options.length && options[0].value.indexOf(code) === 0);
      group.hidden = !shown;
    });
    var chosen = village.value;
    if (chosen && code && chosen.indexOf(code) !== 0) village.value = "";
  }
  township.addEventListener("change", narrow);
  narrow();
})();
