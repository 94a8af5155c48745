// Starts GOV.UK Frontend's components on every page (loaded as a module at the end of <body>).
import { initAll } from '../govuk/govuk-frontend.min.js'

initAll()
