"""The archivists' desk: ``vanthu serve``, a local web app over the archive.

app (Flask routes, safety), data (the SQL of each page), pages (page images from the
original files, by file id only), plots (campaign plots and the graph as SVG), i18n
(Vietnamese and English labels, dates as offices write them); templates/ and static/.
Needs the ``web`` extra (Flask, openpyxl, matplotlib).
"""
