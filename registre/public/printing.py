"""The public register as a PDF for a parents' meeting (WeasyPrint), from the page's own data."""
import re
from pathlib import Path

from flask import current_app, render_template

from registre.public.wording import HEADINGS

_BETWEEN_TAGS = re.compile(r">\s+<")


def register_pdf(register: dict) -> bytes:
    """Render the public register (the dict of ``public_register``) as PDF bytes."""
    from weasyprint import CSS, HTML  # heavy import, only when a PDF is asked for

    html = render_template("public/print.html", register=register, headings=HEADINGS)
    stylesheet = CSS(filename=str(Path(current_app.static_folder) / "public-pdf.css"))
    # The indentation between tags is only work for WeasyPrint's pure-Python HTML parser.
    return HTML(string=_BETWEEN_TAGS.sub("><", html),
                base_url=current_app.static_folder).write_pdf(stylesheets=[stylesheet])
