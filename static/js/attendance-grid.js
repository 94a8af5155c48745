// The attendance grid: "Mark everyone present" ticks Present on every row and clears the
// substitutes without a round trip. Without scripts the button submits the sheet and the page
// comes back with everyone marked present (meetings.views.proceedings.attendance).
(function () {
  var grid = document.getElementById('attendance-grid')
  var button = document.querySelector('[data-mark-all-present]')
  var status = document.getElementById('attendance-grid-status')
  if (!grid || !button) return
  button.addEventListener('click', function (event) {
    event.preventDefault()
    var radios = grid.querySelectorAll('input[type="radio"][value="present"]')
    Array.prototype.forEach.call(radios, function (radio) { radio.checked = true })
    var substitutes = grid.querySelectorAll('select.app-attendance__substitute')
    Array.prototype.forEach.call(substitutes, function (select) { select.value = '' })
    if (status) {
      status.textContent = 'All ' + radios.length + ' members marked present. Change anyone who was not, then save the sheet.'
    }
  })
})()
