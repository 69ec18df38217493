"""What the domain stands on: the store (the only code that touches disk), settings, the PWA's
static files, languages, the sealing key, the photo pipeline and the Web Push sender."""
