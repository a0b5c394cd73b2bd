// Live coverage: new, edited and deleted entries appear on the reader's page without a reload.
// The page is complete without this script (a reload shows every entry); here it only listens
// to the story's Server-Sent Events, from the event number the page was rendered at, so that
// nothing posted in between is missed. A dropped stream reconnects by itself, with Last-Event-ID.
(function () {
  'use strict';
  var section = document.querySelector('[data-live-events]');
  if (!section || !window.EventSource) return;
  var list = section.querySelector('.live-entries');
  var moments = section.querySelector('.key-moments');
  var momentList = section.querySelector('.key-moments-list');
  var empty = section.querySelector('.live-empty');
  var url = section.getAttribute('data-live-events') + '?after=' +
      encodeURIComponent(section.getAttribute('data-live-seq') || '0');
  var source = new EventSource(url);

  function fromHtml(html) {
    var holder = document.createElement('template');
    holder.innerHTML = html.trim();
    return holder.content.firstElementChild;
  }

  // Pinned entries first, each part newest first: the order the server renders.
  function goesBefore(a, b) {
    var pa = a.getAttribute('data-pinned') === '1', pb = b.getAttribute('data-pinned') === '1';
    if (pa !== pb) return pa;
    var ta = Number(a.getAttribute('data-posted')), tb = Number(b.getAttribute('data-posted'));
    if (ta !== tb) return ta > tb;
    return Number(a.getAttribute('data-entry-id')) > Number(b.getAttribute('data-entry-id'));
  }

  function place(item) {
    var next = null;
    for (var child = list.firstElementChild; child; child = child.nextElementSibling) {
      if (goesBefore(item, child)) { next = child; break; }
    }
    list.insertBefore(item, next);
  }

  function removeEntry(id) {
    var old = document.getElementById('entry-' + id);
    if (old) old.remove();
    var moment = momentList.querySelector('[data-key-for="entry-' + id + '"]');
    if (moment) moment.remove();
    moments.hidden = momentList.children.length === 0;
  }

  function keyMoment(entry, item) {
    var anchor = 'entry-' + entry.id;
    var li = document.createElement('li');
    li.setAttribute('data-key-for', anchor);
    li.setAttribute('data-posted', item.getAttribute('data-posted'));
    var link = document.createElement('a');
    link.href = '#' + anchor;
    var time = item.querySelector('time').cloneNode(true);
    link.appendChild(time);
    var body = item.querySelector('.live-entry-body');
    var text = (body ? body.textContent : '').trim().replace(/\s+/g, ' ');
    link.appendChild(document.createTextNode(' ' + (text.length > 160 ? text.slice(0, 157) + '…' : text)));
    li.appendChild(link);
    var next = null;
    for (var child = momentList.firstElementChild; child; child = child.nextElementSibling) {
      if (Number(child.getAttribute('data-posted') || 0) < Number(li.getAttribute('data-posted'))) {
        next = child; break;
      }
    }
    momentList.insertBefore(li, next);
    moments.hidden = false;
  }

  source.addEventListener('entry', function (event) {
    var data = JSON.parse(event.data);
    var item = fromHtml(data.html);
    if (!item) return;
    removeEntry(data.entry.id);
    place(item);
    if (data.entry.key_moment) keyMoment(data.entry, item);
    if (empty) { empty.remove(); empty = null; }
  });

  source.addEventListener('delete', function (event) {
    removeEntry(JSON.parse(event.data).entry.id);
  });

  source.addEventListener('end', function () {
    source.close();
    var status = section.querySelector('.live-status');
    if (status) {
      status.className = 'live-status live-ended';
      status.textContent = 'Live coverage has ended.';
    }
    document.querySelectorAll('.badge-live').forEach(function (badge) { badge.remove(); });
  });
})();
