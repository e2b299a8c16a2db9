"""Registration slips: one printable page per school, one per district office (pure: text out).

A slip holds only its own unit's codes, what each code is for, how to register in three steps,
and, when the bot's Telegram username is known, a QR code per code that opens the bot with the
code filled in (a `?start=` deep link; /start with a code registers). Zalo has no such start
parameter: when the bot's Zalo share link is known, each code also gets a QR of that link and the
instruction to send "/dangky CODE" once the chat is open. Pages are self-contained HTML (the QR is
an embedded PNG) so they print from any browser and can be sent one by one.
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
from handlers.core.domain import fold_diacritics
from handlers.schools.join_codes import normalise_code

QR_SCALE = 6
QR_BORDER = 4


@dataclass(frozen=True)
class SlipCode:
    role_label: str  # "Cán bộ, giáo viên" / "Lãnh đạo trường" / "Cán bộ Phòng GDĐT"
    purpose: str
    code: str  # as displayed, ABCDE-FGHJK
    homeroom_example: str | None = None  # staff codes: a class of the school, for homeroom teachers


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


def example_class(levels: list[str] | tuple[str, ...], class_list: list[str] | tuple[str, ...] = ()) -> str:
    """A class of this school for the slip's examples: its own first class, else one of its first level."""
    if class_list:
        return class_list[0]
    order = list(texts.CLASS_EXAMPLES)
    known = sorted((level for level in levels if level in texts.CLASS_EXAMPLES), key=order.index)
    return texts.CLASS_EXAMPLES[known[0] if known else "THCS"][0]


def _qr_image(link: str, alt: str, platform: str) -> str:
    data = base64.b64encode(qr_png(link)).decode("ascii")
    return (
        f'<img alt="{html.escape(alt)}" data-platform="{platform}" data-link="{html.escape(link)}" '
        f'src="data:image/png;base64,{data}">'
    )


def render_slip(slip: Slip, bot_username: str | None, zalo_link: str | None = None) -> str:
    parts = [
        "<!doctype html>",
        '<html lang="vi"><head><meta charset="utf-8">',
        f"<title>{html.escape(texts.SLIP_TITLE)} — {html.escape(slip.title)}</title>",
        "<style>body{font-family:sans-serif;max-width:46em;margin:2em auto;line-height:1.45}"
        ".code{font-family:monospace;font-size:1.6em;font-weight:bold;letter-spacing:.08em}"
        ".box{border:1px solid #888;border-radius:6px;padding:1em;margin:1em 0;page-break-inside:avoid}"
        "img{float:right;margin-left:1em}.zalo{clear:both;border-top:1px dashed #888;margin-top:.8em;"
        "padding-top:.6em;overflow:hidden}@media print{.box{border-color:#000}}</style>",
        "</head><body>",
        f"<h1>{html.escape(texts.SLIP_TITLE)}</h1>",
        f'<h2 data-unit="{html.escape(slip.unit_code)}">{html.escape(slip.title)}</h2>',
        f"<p>{html.escape(slip.subtitle)}</p>",
        f"<p><strong>{html.escape(texts.SLIP_SECRET)}</strong></p>",
    ]
    for code in slip.codes:
        parts.append('<div class="box">')
        if bot_username:
            parts.append(_qr_image(deep_link(bot_username, code.code), texts.SLIP_QR_ALT, "telegram"))
        parts.append(f"<h3>{html.escape(code.role_label)}</h3>")
        parts.append(f"<p>{html.escape(code.purpose)}</p>")
        parts.append(f'<p>{html.escape(texts.SLIP_CODE_LABEL)} <span class="code">{html.escape(code.code)}</span></p>')
        steps = texts.SLIP_STEPS_QR if bot_username else texts.SLIP_STEPS_NO_QR
        if zalo_link:  # two platforms on one slip: say which steps are Telegram's
            parts.append(f"<h4>{html.escape(texts.SLIP_TELEGRAM_HEADING)}</h4>")
        parts.append("<ol>")
        parts += [
            f"<li>{html.escape(step.format(code=code.code, bot=f'@{bot_username}' if bot_username else ''))}</li>"
            for step in steps
        ]
        parts.append("</ol>")
        if code.homeroom_example:
            hint = texts.SLIP_HOMEROOM_HINT.format(code=code.code, example=code.homeroom_example)
            parts.append(f'<p class="homeroom">{html.escape(hint)}</p>')
        if zalo_link:
            parts.append('<div class="zalo">')
            parts.append(_qr_image(zalo_link, texts.SLIP_ZALO_QR_ALT, "zalo"))
            parts.append(f"<h4>{html.escape(texts.SLIP_ZALO_HEADING)}</h4><ol>")
            parts += [
                f"<li>{html.escape(step.format(code=code.code, link=zalo_link))}</li>" for step in texts.SLIP_ZALO_STEPS
            ]
            parts.append(f'</ol><p><a href="{html.escape(zalo_link)}">{html.escape(zalo_link)}</a></p></div>')
        parts.append("</div>")
    parts.append(f"<p><small>{html.escape(texts.SLIP_FOOTER)}</small></p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def write_slip(folder: Path, slip: Slip, bot_username: str | None, zalo_link: str | None = None) -> Path:
    path = Path(folder) / slip_filename(slip.unit_code, slip.title)
    path.write_text(render_slip(slip, bot_username, zalo_link), encoding="utf-8")
    return path
