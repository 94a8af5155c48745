// The canvass's progress pages (a data match import, a batch of letters): follow the work
// without reloading, and reload once it has finished (the page refreshes itself where scripts
// do not run).
(function () {
  var bar = document.getElementById('canvass-progress')
  var label = document.getElementById('canvass-progress-label')
  if (!bar || !label) return
  function poll () {
    fetch(bar.dataset.progressUrl, { credentials: 'same-origin' })
      .then(function (response) { return response.json() })
      .then(function (progress) {
        if (progress.finished) { window.location.reload(); return }
        bar.value = progress.percent
        bar.textContent = progress.percent + '%'
        label.textContent = (progress.phase || 'Waiting to start') + ': ' + progress.percent + '%'
        window.setTimeout(poll, 1000)
      })
      .catch(function () { window.setTimeout(poll, 3000) })
  }
  window.setTimeout(poll, 1000)
})()
