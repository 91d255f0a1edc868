// Measures a web monitor page from inside (appended to a copy by
// pages_in_chromium.cmake, never shipped) and writes "name value" lines into
// a pre element (id probe).
(function () {
  var lines = [];
  var say = function (name, value) { lines.push(name + ' ' + value); };
  var root = document.documentElement;
  say('viewport', window.innerWidth);
  say('page-overflow', root.scrollWidth > root.clientWidth ? root.scrollWidth + '>' + root.clientWidth : 'none');
  document.querySelectorAll('table, svg.chart').forEach(function (el) {
    var box = el.getBoundingClientRect();
    var container = el.parentElement;
    if (box.width > container.clientWidth + 0.5 || container.scrollWidth > container.clientWidth) {
      say('overflow', el.tagName.toLowerCase() + '#' + (el.id || '?') + ' ' + Math.round(box.width) + '>' +
          container.clientWidth);
    }
  });
  say('charts', document.querySelectorAll('svg.chart').length);
  // The corridor explorer: its rows, then the sender filter run by the script.
  var table = document.getElementById('corridor-table');
  var form = document.getElementById('corridor-filters');
  if (table && form) {
    var rows = table.querySelectorAll('tbody tr.corridor');
    say('corridor-rows', rows.length);
    var sender = form.elements.sender;
    sender.value = 'USA';
    sender.dispatchEvent(new Event('change', {bubbles: true}));
    var shown = Array.prototype.filter.call(rows, function (r) { return !r.hidden; });
    var only = shown.every(function (r) { return r.dataset.sender === 'USA'; });
    say('sender-filter', shown.length > 0 && only ? 'ok ' + shown.length : 'wrong ' + shown.length);
    sender.value = '';
    sender.dispatchEvent(new Event('change', {bubbles: true}));
  }
  // The corridor page: providers in ascending order of total cost.
  var providers = document.getElementById('providers-table');
  if (providers) {
    var totals = Array.prototype.map.call(providers.querySelectorAll('tbody tr.provider'), function (r) {
      return parseFloat(r.dataset.total);
    });
    var ascending = totals.every(function (v, i) { return i === 0 || totals[i - 1] <= v; });
    say('providers', (ascending ? 'ascending ' : 'unordered ') + totals.length);
  }
  // "This page as data": links to the API's JSON and CSV answers.
  var data = Array.prototype.map.call(document.querySelectorAll('.data-links a'), function (a) {
    return a.getAttribute('href');
  }).filter(function (href) { return href.indexOf('/api/v1/') !== -1; });
  var csv = data.filter(function (href) { return /[?&]format=csv(&|$)/.test(href); }).length;
  say('data-links', 'json ' + (data.length - csv) + ' csv ' + csv);
  var pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = '\n' + lines.join('\n') + '\n';
  document.body.appendChild(pre);
})();
