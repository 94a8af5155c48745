"""Officer, report-author and member-portal pages for meetings, one module per part of the work.
Each module lists its own ``urlpatterns``; ``meetings/urls.py`` gathers them."""
