"""The course manual: execute the French lecture notebooks, render them as a static offline site and a PDF.

``mlearn.manual.execute`` runs notebooks with nbclient (in parallel, one fresh kernel each);
``mlearn.manual.static`` makes explorers and plotly figures display as static HTML (plotly.js is shipped once
with the site, never fetched from a CDN); ``mlearn.manual.build`` assembles the site (table of contents,
search index, glossary, datasets and licences) and prints it to PDF with headless Chromium.
Nothing here is imported by ``import mlearn``.
"""
