(function () {
  var status = document.getElementById('report-status');
  var fail = window.ehsimReportFail;
  var errors = window.ehsimReportErrors;
  if (typeof vegaEmbed !== 'function') { fail('the chart library did not load'); return; }
  var specs = JSON.parse(document.getElementById('chart-specs').textContent);
  var ids = Object.keys(specs);
  var jobs = ids.map(function (id) {
    var el = document.getElementById(id);
    return vegaEmbed(el, specs[id], { mode: 'vega-lite', renderer: 'svg', actions: false,
                                       tooltip: { theme: 'light' } })
      .then(function () { el.setAttribute('data-rendered', 'true'); },
            function (err) { el.setAttribute('data-rendered', 'error'); fail(id + ': ' + (err && err.message || err)); });
  });
  Promise.all(jobs).then(function () {
    document.body.setAttribute('data-charts', String(ids.length));
    if (errors.length === 0) status.setAttribute('data-status', 'rendered');
  });
})();
// Printing from a browser that cannot open <details> by style alone: open them for the print.
window.addEventListener('beforeprint', function () {
  document.querySelectorAll('details:not([open])').forEach(function (d) {
    d.setAttribute('open', '');
    d.setAttribute('data-opened-for-print', '');
  });
});
window.addEventListener('afterprint', function () {
  document.querySelectorAll('details[data-opened-for-print]').forEach(function (d) {
    d.removeAttribute('open');
    d.removeAttribute('data-opened-for-print');
  });
});
