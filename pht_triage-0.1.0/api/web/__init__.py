"""The service's HTML pages (issue 12): the patient's intake at `/intake`, the clinic's `/screen`.

Server-rendered with Jinja2 (autoescape on), plain forms that work without JavaScript, the CSS
served by the service itself; the pages keep no state (the answers travel in the forms).
"""
