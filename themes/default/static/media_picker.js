// The newsroom's photo picker (a story's lead photo, an entity's photo): a dialog of thumbnails
// with search, upload by drag and drop or paste (alt text asked for before the upload), the
// chosen photo's focal point set by a click on it, and for each crop the site makes (16:9, 1:1,
// ...) a window the editor can draw by dragging when the crop around the point cuts badly. It
// drives the plain <select> it sits beside, which stays the form's value and the whole of the
// field when scripts do not run.
// A gallery's editor uses the same dialog to add photos as rows of its form, and gets buttons to
// move rows up and down (the rows' position fields, which the form sends, follow).
(function () {
  'use strict';
  var select = document.querySelector('select[data-media-picker="image"]');
  var gallery = document.querySelector('[data-gallery-photos]');
  if ((!select && !gallery) || !window.fetch || typeof HTMLDialogElement === 'undefined') return;
  var field = select ? select.closest('.field') : null;
  var csrfInput = document.querySelector('input[name="csrf"]');
  var csrf = csrfInput ? csrfInput.value : '';
  var canUpload = false;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'hidden') node.hidden = !!attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    if (text) node.textContent = text;
    return node;
  }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); });
  }

  // --- the chosen photo, with its focal point
  var current = el('div', { 'class': 'picker-current', id: 'lead_media-current', hidden: true });
  var frame = el('div', { 'class': 'picker-frame' });
  var image = el('img', { alt: '', id: 'lead_media-preview' });
  var marker = el('span', { 'class': 'picker-marker', 'aria-hidden': 'true' });
  var cropBox = el('span', { 'class': 'picker-crop', 'aria-hidden': 'true', hidden: true });
  var focusHint = el('p', { 'class': 'hint', id: 'lead_media-focus-hint' });
  var focusStatus = el('p', { 'class': 'small', role: 'status', id: 'lead_media-focus-status' });
  // What a press on the photo does: set the focal point, or draw the window of one crop.
  var modes = el('div', { 'class': 'picker-modes', role: 'group', 'aria-label': 'Focal point and crops', hidden: true });
  var resetCrop = el('button', { type: 'button', 'class': 'picker-crop-reset', hidden: true }, 'Back to the focal point');
  frame.appendChild(image);
  frame.appendChild(marker);
  frame.appendChild(cropBox);
  current.appendChild(modes);
  current.appendChild(frame);
  current.appendChild(focusHint);
  current.appendChild(resetCrop);
  current.appendChild(focusStatus);
  var ratios = [];
  var mode = '';  // '' sets the focal point; '16:9' draws that crop's window
  var open = el('button', { type: 'button', 'class': 'picker-open', 'aria-haspopup': 'dialog' },
                'Choose photo…');
  if (select) {
    select.insertAdjacentElement('afterend', open);
    open.insertAdjacentElement('afterend', current);
  }
  var shown = null;  // the item shown in `current`

  function placeMarker(focus) {
    marker.style.left = (focus.x * 100) + '%';
    marker.style.top = (focus.y * 100) + '%';
  }

  function ratioOf(name) {
    var parts = name.split(':');
    return Number(parts[0]) / Number(parts[1]);
  }

  // The window the site cuts for `name`: the editor's, else the largest of that shape around
  // the focal point (as the server's focus_crop does), in fractions of the photo.
  function windowOf(item, name) {
    if (item.crops && item.crops[name]) return item.crops[name];
    var r = ratioOf(name) * item.height / item.width;  // width over height, in fractions
    var w = 1, h = 1 / r;
    if (h > 1) { h = 1; w = r; }
    var f = item.focus || { x: 0.5, y: 0.5 };
    return { x: Math.min(1 - w, Math.max(0, f.x - w / 2)), y: Math.min(1 - h, Math.max(0, f.y - h / 2)), width: w, height: h };
  }

  function placeCrop(win) {
    cropBox.style.left = (win.x * 100) + '%';
    cropBox.style.top = (win.y * 100) + '%';
    cropBox.style.width = (win.width * 100) + '%';
    cropBox.style.height = (win.height * 100) + '%';
  }

  function setMode(name) {
    mode = name;
    Array.prototype.forEach.call(modes.querySelectorAll('button'), function (b) {
      b.setAttribute('aria-pressed', String(b.getAttribute('data-mode') === name));
    });
    marker.hidden = !!name;
    cropBox.hidden = !name;
    resetCrop.hidden = !name || !canUpload || !(shown && shown.crops && shown.crops[name]);
    if (name && shown) placeCrop(windowOf(shown, name));
    if (!shown) return;
    focusHint.textContent = !canUpload
      ? 'The focal point (set by an editor) is marked.'
      : name
        ? 'Drag across the photo to draw what the ' + name + ' crop keeps; it keeps its shape.'
        : 'Click the photo where its subject is: crops on the site keep that point in view.';
  }

  function buildModes() {
    modes.textContent = '';
    [''].concat(ratios).forEach(function (name) {
      var b = el('button', { type: 'button', 'data-mode': name, 'aria-pressed': 'false' }, name ? name + ' crop' : 'Focal point');
      b.addEventListener('click', function () { setMode(name); });
      modes.appendChild(b);
    });
    modes.hidden = !ratios.length || !canUpload;
  }

  function show(item) {
    shown = item;
    if (!item) { current.hidden = true; return; }
    image.src = item.preview || item.thumbnail;
    image.alt = item.alt || '';
    placeMarker(item.focus || { x: 0.5, y: 0.5 });
    focusStatus.textContent = '';
    current.hidden = false;
    setMode(mode);
  }

  function post(path, fields) {
    fields.csrf = csrf;
    return fetch('/admin/media/' + shown.id + '/' + path, {
      method: 'POST', credentials: 'same-origin', body: new URLSearchParams(fields),
      headers: { Accept: 'application/json', 'X-CSRF-Token': csrf }
    }).then(function (r) { return r.json().then(function (b) { return { ok: r.ok, body: b }; }); });
  }

  function saveCrop(fields, done) {
    var name = mode;
    fields.ratio = name;
    post('crop', fields).then(function (res) {
      if (!res.ok) { focusStatus.textContent = res.body.error || 'The crop was not saved.'; return; }
      shown.crops = res.body.crops;
      if (mode === name) setMode(name);
      focusStatus.textContent = done + ' The site\u2019s ' + name + ' photos follow in a few seconds.';
    });
  }

  resetCrop.addEventListener('click', function () {
    if (!shown || !mode) return;
    saveCrop({ clear: '1' }, 'The ' + mode + ' crop is cut around the focal point again.');
  });

  // Drawing a window: from where the press starts to where it is, held to the crop's shape.
  var drag = null;
  function point(event) {
    var box = image.getBoundingClientRect();
    return {
      x: Math.min(1, Math.max(0, (event.clientX - box.left) / box.width)),
      y: Math.min(1, Math.max(0, (event.clientY - box.top) / box.height))
    };
  }
  function dragged(start, end) {
    var r = ratioOf(mode) * shown.height / shown.width;
    var w = Math.abs(end.x - start.x), h = Math.abs(end.y - start.y);
    if (w / h > r) w = h * r; else h = w / r;
    var x = end.x < start.x ? start.x - w : start.x;
    var y = end.y < start.y ? start.y - h : start.y;
    return { x: Math.max(0, x), y: Math.max(0, y), width: Math.min(w, 1 - Math.max(0, x)), height: Math.min(h, 1 - Math.max(0, y)) };
  }
  frame.addEventListener('pointerdown', function (event) {
    if (!shown || !canUpload || !mode) return;
    event.preventDefault();
    drag = { start: point(event), win: null };
    if (frame.setPointerCapture) frame.setPointerCapture(event.pointerId);
  });
  frame.addEventListener('pointermove', function (event) {
    if (!drag) return;
    drag.win = dragged(drag.start, point(event));
    placeCrop(drag.win);
  });
  frame.addEventListener('pointerup', function (event) {
    if (!drag) return;
    var win = dragged(drag.start, point(event));
    drag = null;
    // A click, not a drag: nothing to save.
    if (win.width < 0.02 || win.height < 0.02) { placeCrop(windowOf(shown, mode)); return; }
    var round = function (v) { return String(Math.round(v * 10000) / 10000); };
    saveCrop({ x: round(win.x), y: round(win.y), width: round(win.width), height: round(win.height) },
             'The ' + mode + ' crop keeps what you drew.');
  });

  frame.addEventListener('click', function (event) {
    if (!shown || !canUpload || mode) return;
    var box = image.getBoundingClientRect();
    var x = Math.min(1, Math.max(0, (event.clientX - box.left) / box.width));
    var y = Math.min(1, Math.max(0, (event.clientY - box.top) / box.height));
    x = Math.round(x * 1000) / 1000;
    y = Math.round(y * 1000) / 1000;
    post('focus', { x: String(x), y: String(y) }).then(function (res) {
        if (!res.ok) { focusStatus.textContent = res.body.error || 'The focal point was not saved.'; return; }
        shown.focus = res.body.focus;
        placeMarker(res.body.focus);
        focusStatus.textContent = 'Focal point saved (' + Math.round(res.body.focus.x * 100) + '% across, ' +
          Math.round(res.body.focus.y * 100) + '% down).';
      });
  });

  function choose(item) {
    var value = String(item.id);
    var option = select.querySelector('option[value="' + value + '"]');
    if (!option) {
      option = el('option', { value: value }, item.label);
      select.appendChild(option);
    }
    select.value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    show(item);
  }

  // --- the dialog, built the first time it opens (the editor's form stays as it is until then);
  // each opening says what a chosen photo is for, and where the focus goes back to
  var picker = null;
  var pick = null, returnFocus = null, allowMissingAlt = false;
  function finish(dialog, item) {
    var use = pick, back = returnFocus;
    dialog.close();
    if (use) use(item);
    if (back) back.focus();
  }
  function build() {
      var dialog = el('dialog', { 'class': 'media-picker', 'aria-labelledby': 'picker-title' });
    var title = el('h2', { id: 'picker-title' }, 'Choose the lead photo');
    dialog.appendChild(title);
    var searchLabel = el('label', { 'for': 'picker-q' }, 'Search photos');
    var search = el('input', { type: 'search', id: 'picker-q', autocomplete: 'off' });
    dialog.appendChild(searchLabel);
    dialog.appendChild(search);
    var drop = el('div', { 'class': 'picker-drop', tabindex: '0', id: 'picker-drop' },
                  'Drop a photo here, or paste one (Ctrl+V or ⌘V).');
    var fileLabel = el('label', { 'for': 'picker-file', 'class': 'small' }, 'Or upload from this device');
    var file = el('input', { type: 'file', id: 'picker-file', accept: 'image/jpeg,image/png,image/webp' });
    var uploadBox = el('div', { 'class': 'picker-upload-choice', hidden: true });
    uploadBox.appendChild(drop);
    uploadBox.appendChild(fileLabel);
    uploadBox.appendChild(file);
    dialog.appendChild(uploadBox);

    var form = el('form', { 'class': 'picker-upload', hidden: true, id: 'picker-upload', novalidate: '' });
    var pending = el('img', { alt: '', 'class': 'picker-pending' });
    form.appendChild(pending);
    function input(id, label, hint) {
      var wrap = el('div', { 'class': 'field' });
      wrap.appendChild(el('label', { 'for': id }, label));
      var box = el('input', { type: 'text', id: id, name: id.replace('picker-', '') });
      wrap.appendChild(box);
      if (hint) wrap.appendChild(el('p', { 'class': 'hint' }, hint));
      form.appendChild(wrap);
      return box;
    }
    var alt = input('picker-alt', 'Alt text (required)',
                    'What the photo shows, for readers who cannot see it.');
    var caption = input('picker-caption', 'Caption');
    var credit = input('picker-credit', 'Credit');
    var formButtons = el('div', { 'class': 'actions' });
    var send = el('button', { type: 'submit', 'class': 'primary' }, 'Upload and use');
    var cancel = el('button', { type: 'button' }, 'Cancel');
    formButtons.appendChild(send);
    formButtons.appendChild(cancel);
    form.appendChild(formButtons);
    dialog.appendChild(form);

    var message = el('p', { 'class': 'picker-message', role: 'alert', id: 'picker-message' });
    dialog.appendChild(message);
    var grid = el('ul', { 'class': 'picker-grid', id: 'picker-grid', 'aria-label': 'Photos' });
    dialog.appendChild(grid);
    var close = el('button', { type: 'button', 'class': 'picker-close' }, 'Close');
    dialog.appendChild(close);
    document.body.appendChild(dialog);
    close.addEventListener("click", function () { dialog.close(); if (returnFocus) returnFocus.focus(); });

    function render(items) {
      grid.textContent = '';
      if (!items.length) grid.appendChild(el('li', { 'class': 'small' }, 'No photos match.'));
      items.forEach(function (item) {
        var li = el('li');
        var name = item.label + (item.missing_alt ? ' (no alt text)' : '');
        var button = el('button', { type: 'button', 'class': 'picker-item', 'data-id': String(item.id) });
        var thumb = el('img', { src: item.thumbnail, alt: '', loading: 'lazy', width: '160', height: '107' });
        button.appendChild(thumb);
        button.appendChild(el('span', { 'class': 'picker-label' }, name));
        if (item.missing_alt) button.appendChild(el('span', { 'class': 'badge' }, 'No alt text'));
        button.addEventListener('click', function () {
          if (item.missing_alt && !allowMissingAlt) {
            message.textContent = 'This photo has no alt text, so it cannot lead a story. ' +
              'Add alt text to it in the media library first, or choose another.';
            return;
          }
          finish(dialog, item);
        });
        li.appendChild(button);
        grid.appendChild(li);
      });
    }

    var searchTimer = null;
    function load() {
      return getJSON('/admin/picker?q=' + encodeURIComponent(search.value)).then(function (res) {
        if (!res.ok) { message.textContent = res.body.error || 'The photos could not be loaded.'; return; }
        canUpload = !!res.body.can_upload;
        uploadBox.hidden = !canUpload || !form.hidden;
        render(res.body.items);
      });
    }
    search.addEventListener('input', function () {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(load, 200);
    });

    // --- uploads: the file waits in the form until it has alt text
    var waiting = null;
    function stage(blob) {
      if (!canUpload) return;
      if (!/^image\//.test(blob.type)) { message.textContent = 'Only photos (JPEG, PNG or WebP) can be uploaded here.'; return; }
      waiting = blob;
      pending.src = URL.createObjectURL(blob);
      alt.value = ''; caption.value = ''; credit.value = '';
      message.textContent = '';
      form.hidden = false;
      uploadBox.hidden = true;
      alt.focus();
    }
    function unstage() {
      waiting = null;
      form.hidden = true;
      uploadBox.hidden = !canUpload;
    }
    cancel.addEventListener('click', unstage);
    file.addEventListener('change', function () { if (file.files[0]) stage(file.files[0]); });
    ['dragenter', 'dragover'].forEach(function (type) {
      drop.addEventListener(type, function (e) { e.preventDefault(); drop.classList.add('over'); });
    });
    drop.addEventListener('dragleave', function () { drop.classList.remove('over'); });
    drop.addEventListener('drop', function (e) {
      e.preventDefault();
      drop.classList.remove('over');
      var f = e.dataTransfer && e.dataTransfer.files[0];
      if (f) stage(f);
    });
    dialog.addEventListener('paste', function (e) {
      var items = (e.clipboardData && e.clipboardData.files) || [];
      if (items[0]) { e.preventDefault(); stage(items[0]); }
    });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      if (!waiting) return;
      if (!alt.value.trim()) {
        message.textContent = 'A lead photo needs alt text: describe what it shows for readers who cannot see it.';
        alt.setAttribute('aria-invalid', 'true');
        alt.focus();
        return;
      }
      alt.removeAttribute('aria-invalid');
      var data = new FormData();
      data.append('csrf', csrf);
      data.append('alt', alt.value.trim());
      data.append('caption', caption.value.trim());
      data.append('credit', credit.value.trim());
      data.append('file', waiting, waiting.name || 'pasted.png');
      send.disabled = true;
      message.textContent = 'Uploading…';
      fetch('/admin/media', {
        method: 'POST', body: data, credentials: 'same-origin',
        headers: { Accept: 'application/json', 'X-CSRF-Token': csrf }
      }).then(function (r) { return r.json().then(function (b) { return { ok: r.ok, body: b }; }); })
        .then(function (res) {
          send.disabled = false;
          if (!res.ok) { message.textContent = res.body.error || 'The upload failed.'; return; }
          message.textContent = '';
          unstage();
          return getJSON('/admin/picker?id=' + res.body.id).then(function (one) {
            var item = one.ok && one.body.items[0] ? one.body.items[0] : res.body;
            finish(dialog, item);
          });
        }, function () { send.disabled = false; message.textContent = 'The upload failed.'; });
    });


    return { dialog: dialog, title: title, search: search, load: load, message: message };
  }

  function openPicker(heading, use, from, missingAltAllowed) {
    if (!picker) picker = build();
    pick = use;
    returnFocus = from;
    allowMissingAlt = missingAltAllowed;
    picker.title.textContent = heading;
    picker.message.textContent = '';
    picker.dialog.showModal();
    picker.search.focus();
    picker.load();
  }

  if (gallery) galleryEditor(gallery);
  if (!select) return;
  open.addEventListener('click', function () {
    openPicker(select.getAttribute('data-picker-title') || 'Choose the lead photo', choose, open, false);
  });
  select.addEventListener('change', function () {
    if (!select.value) { show(null); return; }
    if (shown && String(shown.id) === select.value) return;
    getJSON('/admin/picker?id=' + encodeURIComponent(select.value)).then(function (res) {
      if (res.ok && res.body.items[0]) show(res.body.items[0]);
    });
  });
  // The photo already chosen, and whether this person may upload and set focal points.
  getJSON('/admin/picker?id=' + encodeURIComponent(select.value || '0')).then(function (res) {
    if (!res.ok) return;
    canUpload = !!res.body.can_upload;
    ratios = res.body.ratios || [];
    buildModes();
    if (res.body.items[0]) show(res.body.items[0]);
  });
  if (field) field.classList.add('has-picker');

  // --- a gallery's rows: add from the library, move up and down
  function galleryEditor(box) {
    var list = box.querySelector('.gallery-rows');
    var status = el('p', { 'class': 'small', role: 'status', id: 'gallery-status' });
    var add = el('button', { type: 'button', 'class': 'picker-open', id: 'gallery-add', 'aria-haspopup': 'dialog' },
                 'Add photos from the library…');
    list.insertAdjacentElement('afterend', add);
    add.insertAdjacentElement('afterend', status);

    function rows() { return Array.prototype.slice.call(list.querySelectorAll('.gallery-row')); }
    function renumber() {
      rows().forEach(function (row, i) {
        row.querySelector('.photo-order').value = String(i + 1);
        var up = row.querySelector('[data-move="up"]'), down = row.querySelector('[data-move="down"]');
        up.disabled = i === 0;
        down.disabled = i === rows().length - 1;
        up.setAttribute('aria-label', 'Move photo ' + (i + 1) + ' up');
        down.setAttribute('aria-label', 'Move photo ' + (i + 1) + ' down');
      });
      var empty = box.querySelector('.gallery-empty');
      if (empty) empty.hidden = rows().length > 0;
    }
    function moveButtons(row) {
      var holder = el('div', { 'class': 'gallery-moves' });
      var up = el('button', { type: 'button', 'class': 'gallery-move', 'data-move': 'up' }, 'Move up');
      var down = el('button', { type: 'button', 'class': 'gallery-move', 'data-move': 'down' }, 'Move down');
      holder.appendChild(up);
      holder.appendChild(down);
      row.querySelector('.gallery-row-fields').insertBefore(holder, row.querySelector('.gallery-row-fields').firstChild);
      up.addEventListener('click', function () {
        var before = row.previousElementSibling;
        if (before) { list.insertBefore(row, before); renumber(); up.focus(); status.textContent = 'Moved up.'; }
      });
      down.addEventListener('click', function () {
        var after = row.nextElementSibling;
        if (after) { list.insertBefore(after, row); renumber(); down.focus(); status.textContent = 'Moved down.'; }
      });
    }
    function field(row, id, label, name, value, multiline) {
      var wrap = el('div', { 'class': 'field' });
      wrap.appendChild(el('label', { 'for': id }, label));
      var input = el(multiline ? 'textarea' : 'input', multiline ? { id: id, name: name, rows: '2' }
                                                            : { id: id, name: name, type: 'text' });
      input.value = value || '';
      wrap.appendChild(input);
      row.appendChild(wrap);
      return input;
    }
    function addRow(item) {
      var id = String(item.id);
      if (list.querySelector('.gallery-row[data-media-id="' + id + '"]')) {
        status.textContent = 'That photo is already in the gallery.';
        return;
      }
      var li = el('li', { 'class': 'gallery-row', 'data-media-id': id });
      li.appendChild(el('input', { type: 'hidden', name: 'photo_media', value: id }));
      li.appendChild(el('img', { 'class': 'gallery-row-thumb', src: item.thumbnail, alt: '', width: '120', height: '80' }));
      var fields = el('div', { 'class': 'gallery-row-fields' });
      var order = el('div', { 'class': 'field field-narrow' });
      order.appendChild(el('label', { 'for': 'photo-order-' + id }, 'Position'));
      order.appendChild(el('input', { id: 'photo-order-' + id, 'class': 'photo-order', name: 'photo_order', type: 'number', min: '1' }));
      fields.appendChild(order);
      field(fields, 'photo-credit-' + id, 'Credit', 'photo_credit', item.credit);
      field(fields, 'photo-caption-' + id, 'Caption', 'photo_caption', item.caption, true);
      var alt = field(fields, 'photo-alt-' + id, 'Alt text', 'photo_alt', item.alt);
      li.appendChild(fields);
      list.appendChild(li);
      moveButtons(li);
      renumber();
      status.textContent = 'Photo ' + rows().length + ' added; its people are suggested when you save.';
      (item.alt ? fields.querySelector('textarea') : alt).focus();
    }
    rows().forEach(moveButtons);
    renumber();
    add.addEventListener('click', function () {
      openPicker('Add a photo to the gallery', addRow, add, true);
    });
  }
})();
