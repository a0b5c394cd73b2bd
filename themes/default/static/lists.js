// The story list's bulk bar: tick every story on the page at once, say how many are ticked,
// and show the section picker only for "Move to section". Without it the form works as is
// (the server asks before deleting).
(function () {
  'use strict';
  var form = document.getElementById('bulk-form');
  if (!form) return;
  var all = document.getElementById('pick-all');
  var action = document.getElementById('bulk-action');
  var section = document.getElementById('bulk-section');
  var count = document.getElementById('bulk-count');
  var boxes = function () { return form.querySelectorAll('input[name="ids"]'); };

  function update() {
    var ticked = 0;
    var list = boxes();
    for (var i = 0; i < list.length; i++) if (list[i].checked) ticked++;
    count.textContent = ticked === 0 ? '' : ticked === 1 ? '1 story ticked' : ticked + ' stories ticked';
    all.checked = ticked > 0 && ticked === list.length;
    all.indeterminate = ticked > 0 && ticked < list.length;
    section.hidden = action.value !== 'section';
  }

  all.hidden = false;
  all.addEventListener('change', function () {
    var list = boxes();
    for (var i = 0; i < list.length; i++) list[i].checked = all.checked;
    update();
  });
  form.addEventListener('change', function (event) {
    if (event.target !== all) update();
  });
  form.addEventListener('submit', function (event) {
    var list = boxes();
    for (var i = 0; i < list.length; i++) if (list[i].checked) return;
    event.preventDefault();
    count.textContent = 'Tick at least one story first.';
  });
  update();
})();
