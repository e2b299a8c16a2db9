"""Registration slips: one printable page per school, one per district office (pure: text out).

A slip holds only its own unit's codes, what each code is for, how to register in three steps,
and, when the bot's Telegram username is known, a QR code per code that opens the bot with the
code filled in (a `?start=` deep link; /start with a code registers). Pages are self-contained
HTML (the QR is an embedded PNG) so they print from any browser and can be sent one by one.
"""

from __future__ import annotations

import base64
import html
import io
import re
from dataclasses import dataclass
from pathlib import Path

import segno

from handlers import texts
from handlers.answers.vietnamese import fold_diacritics
from handlers.schools.join_codes import normalise_code

QR_SCALE = 6
QR_BORDER = 4


@dataclass(frozen=True)
class SlipCode:
    role_label: str  # "Cán bộ, giáo viên" / "Lãnh đạo trường" / "Cán bộ Phòng GDĐT"
    purpose: str
    code: str  # as displayed, ABCDE-FGHJK


@dataclass(frozen=True)
class Slip:
    unit_code: str
    title: str  # the school's or district office's name
    subtitle: str  # district and levels
    codes: tuple[SlipCode, ...]


def deep_link(bot_username: str, code: str) -> str:
    """Telegram opens the bot and sends '/start CODE' when the user taps Start."""
    return f"https://t.me/{bot_username}?start={normalise_code(code)}"


def qr_png(link: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=QR_SCALE, border=QR_BORDER)
    return buffer.getvalue()


def slip_filename(unit_code: str, title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", fold_diacritics(title).lower()).strip("-")[:60]
    code = re.sub(r"[^A-Za-z0-9_-]+", "-", unit_code).strip("-")
    return f"{code}-{slug}.html" if slug else f"{code}.html"


def render_slip(slip: Slip, bot_username: str | None) -> str:
    parts = [
        "<!doctype html>",
        '<html lang="vi"><head><meta charset="utf-8">',
        f"<title>{html.escape(texts.SLIP_TITLE)} — {html.escape(slip.title)}</title>",
        "<style>body{font-family:sans-serif;max-width:46em;margin:2em auto;line-height:1.45}"
        ".code{font-family:monospace;font-size:1.6em;font-weight:bold;letter-spacing:.08em}"
        ".box{border:1px solid #888;border-radius:6px;padding:1em;margin:1em 0;page-break-inside:avoid}"
        "img{float:right;margin-left:1em}@media print{.box{border-color:#000}}</style>",
        "</head><body>",
        f"<h1>{html.escape(texts.SLIP_TITLE)}</h1>",
        f'<h2 data-unit="{html.escape(slip.unit_code)}">{html.escape(slip.title)}</h2>',
        f"<p>{html.escape(slip.subtitle)}</p>",
        f"<p><strong>{html.escape(texts.SLIP_SECRET)}</strong></p>",
    ]
    for code in slip.codes:
        parts.append('<div class="box">')
        if bot_username:
            link = deep_link(bot_username, code.code)
            data = base64.b64encode(qr_png(link)).decode("ascii")
            parts.append(
                f'<img alt="{html.escape(texts.SLIP_QR_ALT)}" data-link="{html.escape(link)}" '
                f'src="data:image/png;base64,{data}">'
            )
        parts.append(f"<h3>{html.escape(code.role_label)}</h3>")
        parts.append(f"<p>{html.escape(code.purpose)}</p>")
        parts.append(f'<p>{html.escape(texts.SLIP_CODE_LABEL)} <span class="code">{html.escape(code.code)}</span></p>')
        steps = texts.SLIP_STEPS_QR if bot_username else texts.SLIP_STEPS_NO_QR
        parts.append("<ol>")
        parts += [
            f"<li>{html.escape(step.format(code=code.code, bot=f'@{bot_username}' if bot_username else ''))}</li>"
            for step in steps
        ]
        parts.append("</ol></div>")
    parts.append(f"<p><small>{html.escape(texts.SLIP_FOOTER)}</small></p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def write_slip(folder: Path, slip: Slip, bot_username: str | None) -> Path:
    path = Path(folder) / slip_filename(slip.unit_code, slip.title)
    path.write_text(render_slip(slip, bot_username), encoding="utf-8")
    return path
