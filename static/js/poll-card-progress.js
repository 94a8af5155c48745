// The poll card batch page: follows the batch's progress without reloading, and reloads once it
// has finished (where scripts do not run, the page says to refresh it).
(function () {
  var bar = document.getElementById('batch-progress')
  var label = document.getElementById('batch-progress-label')
  if (!bar || !label) return
  function poll () {
    fetch(bar.dataset.progressUrl, { credentials: 'same-origin' })
      .then(function (response) { return response.json() })
      .then(function (progress) {
        if (progress.status === 'done' || progress.status === 'failed') { window.location.reload(); return }
        bar.max = progress.total || 1
        bar.value = progress.done
        bar.textContent = progress.done + ' of ' + progress.total
        label.textContent = progress.done.toLocaleString('en-GB') + ' of ' +
          progress.total.toLocaleString('en-GB') + ' cards made'
        window.setTimeout(poll, 1000)
      })
      .catch(function () { window.setTimeout(poll, 3000) })
  }
  window.setTimeout(poll, 1000)
})()
