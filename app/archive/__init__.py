"""After the day: materials, workgroup reports, photos, the look-back and the archive."""
