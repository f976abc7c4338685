"""The organiser's and coordinator's start page: figures per location day and what needs attention."""
