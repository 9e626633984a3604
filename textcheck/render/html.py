"""HTML output: one Jinja2 environment, with autoescaping, for every HTML report.

Every page extends ``templates/base.html.j2``: one self-contained file with inline CSS, no
external assets, no JavaScript, and a Content-Security-Policy that forbids scripts, frames,
forms and remote loads, so that even a mistake in escaping could not run code in a reader's
browser.  Autoescaping is on for every template: untrusted text is only ever inserted as
``{{ value }}``, never marked safe, and loses its control characters first (``_clean``).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from textcheck.render.terminal import clean_terminal_text

if TYPE_CHECKING:
    from jinja2 import Environment

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
"""Only the page's own inline styles (and data: images) may load; nothing else."""


@cache
def html_environment() -> Environment:
    """The shared Jinja2 environment over ``textcheck/render/templates`` (Jinja2 is imported
    here, so commands that print text or JSON do not pay for it)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(
        loader=PackageLoader("textcheck.render", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_clean,
    )


def _clean(value: Any) -> Any:
    """Drop control characters from every inserted string before it is escaped.

    They are invalid in HTML and an escape sequence copied from the page into a terminal
    would act there; ``Markup`` (a macro's already-cleaned output) passes through.
    """
    if isinstance(value, str) and not isinstance(value, Markup):
        return clean_terminal_text(value)
    return value


def render_template(name: str, **context: Any) -> str:
    """Render the template ``name`` with ``context`` and the page-wide settings."""
    template = html_environment().get_template(name)
    return template.render(content_security_policy=CONTENT_SECURITY_POLICY, **context)
