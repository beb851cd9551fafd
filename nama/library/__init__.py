"""The library: training manuals, guides and human-rights knowledge (DESIGN.md §1).

Resources are texts and files (PDF, DOCX, images, a link to a video) with
topics, an audience and a visibility; collections group them (the chapters of
a training manual). Text is extracted from PDF and DOCX files by a background
task; every resource is fed to the search index (``nama.searchindex``).
"""
