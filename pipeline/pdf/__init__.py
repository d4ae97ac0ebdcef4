"""The PDF format's writer (writer.py) and what only it uses: the layout fitted to its pages
(copyfit.py, pageplan.py, ladders.py), the slug line (slug.py), the Arabic ToUnicode
(tounicode.py), and preflight (preflight.py, reading the pages with sheets.py). Importing this
package loads nothing: WeasyPrint is loaded by writer.py, where PDFs are written."""
