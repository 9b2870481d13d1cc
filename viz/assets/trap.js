(function () {
  var status = document.getElementById('report-status');
  var errors = [];
  var warnings = [];
  function fail(message) {
    errors.push(String(message));
    status.setAttribute('data-status', 'error');
    status.textContent = 'Some charts could not be drawn: ' + errors.join('; ');
  }
  window.ehsimReportFail = fail;
  window.ehsimReportErrors = errors;
  window.addEventListener('error', function (e) { fail(e.message || e); });
  window.addEventListener('unhandledrejection', function (e) { fail(e.reason || e); });
  var consoleError = console.error;
  console.error = function () {
    fail(Array.prototype.join.call(arguments, ' '));
    consoleError.apply(console, arguments);
  };
  var consoleWarn = console.warn;
  console.warn = function () {
    warnings.push(Array.prototype.join.call(arguments, ' '));
    status.setAttribute('data-warnings', warnings.join(' | '));
    consoleWarn.apply(console, arguments);
  };
})();
