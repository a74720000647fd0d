"""Public pages that need no sign-in (the progress lookup; /verify and the rest are web.views)."""
