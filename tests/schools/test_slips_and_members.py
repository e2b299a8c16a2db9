"""Registration slips read back (each school only its own codes; the QR opens the bot with the code),
rotation per role and per district office, and who registered, seen and removed within scope."""

from __future__ import annotations

import base64
import re
import struct
import zlib
from html.parser import HTMLParser

import zxingcpp

from handlers import texts
from handlers.core.domain import Role
from handlers.core.messages import Platform, UserRef
from handlers.schools.join_codes import code_table, issue_district_code, issue_school_codes
from handlers.schools.members import MemberScope, list_members, remove_member
from handlers.schools.slips import Slip, SlipCode, deep_link, render_slip
from storage.models import Member
from tests.conftest import ADMIN
from tests.reports.test_recording import (  # noqa: F401  (the province fixture)
    DISTRICT_LC,
    LEADER_A,
    TEACHER_A,
    TEACHER_B,
    province,
)

STAFF_CODE, LEADER_CODE = "ABCDE-FGHJK", "MNPQR-STUVW"


class _SlipReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.codes: list[str] = []
        self.images: list[tuple[str, bytes]] = []
        self._in_code = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "span" and attributes.get("class") == "code":
            self._in_code = True
        if tag == "img":
            self.images.append((attributes["data-link"], base64.b64decode(attributes["src"].split(",", 1)[1])))

    def handle_data(self, data):
        if self._in_code:
            self.codes.append(data)
            self._in_code = False


def decode_png_qr(png: bytes) -> str:
    """A 1-bit PNG (as segno writes it) decoded by hand, then read by ZXing."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks = 8, {}
    while position < len(png):
        length, kind = struct.unpack(">I4s", png[position : position + 8])
        chunks.setdefault(kind, b"")
        chunks[kind] += png[position + 8 : position + 8 + length]
        position += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert depth == 1
    raw = zlib.decompress(chunks[b"IDAT"])
    stride = (width + 7) // 8
    pixels = bytearray()
    previous = bytearray(stride)
    for row in range(height):
        line = raw[row * (stride + 1) : (row + 1) * (stride + 1)]
        kind, data = line[0], bytearray(line[1:])
        if kind == 2:  # "up" filter
            data = bytearray((a + b) & 0xFF for a, b in zip(data, previous))
        assert kind in (0, 2)
        previous = data
        for x in range(width):
            bit = (data[x // 8] >> (7 - x % 8)) & 1
            dark = bit == 0 if colour == 0 else bit == 1  # greyscale: 0 is black; palette: index 1 is dark
            pixels.append(0 if dark else 255)
    image = bytes(pixels)  # kept alive: the view does not own its buffer
    [result] = zxingcpp.read_barcodes(zxingcpp.ImageView(image, width, height, zxingcpp.ImageFormat.Lum))
    return result.text


def test_a_slip_holds_its_codes_and_qr_codes_that_open_the_bot_with_each_code():
    slip = Slip("50011", "Trường THCS Lê Lợi", "cấp THCS", (
        SlipCode(texts.SLIP_ROLE_STAFF, texts.SLIP_PURPOSE_STAFF.format(example="6A1"), STAFF_CODE),
        SlipCode(texts.SLIP_ROLE_LEADER, texts.SLIP_PURPOSE_LEADER, LEADER_CODE),
    ))
    reader = _SlipReader()
    reader.feed(render_slip(slip, "TroLyCSDLBot"))
    assert reader.codes == [STAFF_CODE, LEADER_CODE]
    decoded = [decode_png_qr(png) for _, png in reader.images]
    assert decoded == ["https://t.me/TroLyCSDLBot?start=ABCDEFGHJK", "https://t.me/TroLyCSDLBot?start=MNPQRSTUVW"]
    assert [link for link, _ in reader.images] == decoded


def test_without_the_bot_username_a_slip_has_no_qr_and_says_how_to_register():
    page = render_slip(Slip("50011", "Trường THCS Lê Lợi", "", (SlipCode("x", "y", STAFF_CODE),)), None)
    assert "<img" not in page and f"/dangky {STAFF_CODE}" in page
    assert deep_link("Bot_1", "abcde-fghjk") == "https://t.me/Bot_1?start=ABCDEFGHJK"


async def test_the_deep_link_start_registers_in_one_tap(province, uow_factory):
    staff_code = province.codes["TH-TRANPHU"][0].replace("-", "")
    newcomer = UserRef(Platform.TELEGRAM, "555")
    assert "Đã đăng ký" in await province.say(newcomer, f"/start {staff_code}")
    assert await province.say(newcomer, f"/start {staff_code}") == texts.START_CODE_ALREADY_REGISTERED


async def test_leader_and_staff_codes_rotate_separately_and_district_codes_rotate(province, uow_factory):
    old_staff, old_leader = province.codes["THCS-LELOI"]
    async with uow_factory() as uow:
        school = await uow.schools.by_code("THCS-LELOI")
        rotated = await issue_school_codes(uow, school, (Role.LEADER,))
        district = next(d for d in await uow.districts.all() if d.name == "Quận Lê Chân")
        new_district = await issue_district_code(uow, district)
        await uow.commit()
    assert rotated.staff_join_code == old_staff and rotated.leader_join_code != old_leader
    assert new_district.join_code != province.district_codes["Quận Lê Chân"]
    stranger = UserRef(Platform.TELEGRAM, "556")
    assert await province.say(stranger, f"/dangky {old_leader}") == texts.REGISTER_WRONG_CODE
    assert await province.say(stranger, f"/dangky {province.district_codes['Quận Lê Chân']}") == texts.REGISTER_WRONG_CODE
    assert "Đã đăng ký" in await province.say(stranger, f"/dangky {rotated.leader_join_code}")
    async with uow_factory() as uow:
        schools, _ = await code_table(uow)
    assert {c.school_code: c.leader_join_code for c in schools}["THCS-LELOI"] == rotated.leader_join_code


async def test_thanhvien_is_scoped_by_role(province):
    leader_view = await province.say(LEADER_A, "/thanhvien")
    assert "Trường THCS Lê Lợi:" in leader_view and "Trường Tiểu học Trần Phú" not in leader_view
    assert leader_view.count("• ") == 3  # two teachers and the leader of Lê Lợi
    district_view = await province.say(DISTRICT_LC, "/thanhvien")
    assert "Trường THCS Lê Lợi:" in district_view and "Phòng GDĐT Quận Lê Chân:" in district_view
    assert "Trần Phú" not in district_view
    assert await province.say(TEACHER_A, "/thanhvien") != leader_view  # teachers are not shown the list
    assert await province.say(LEADER_A, "/thanhvien", group=True) == texts.MEMBERS_IN_PRIVATE
    assert (await province.say(ADMIN, "/thanhvien")).count("• ") == 5


async def test_a_removed_member_can_no_longer_report_and_their_reports_stay(province, uow_factory, clock):
    assert "1/4 lớp" in await province.say(TEACHER_A, "/xong 6A1", group=True)
    async with uow_factory() as uow:
        member = await uow.members.get(TEACHER_A.platform, TEACHER_A.user_id)
        await remove_member(uow, member, clock.now())
        await uow.commit()
    refused = await province.say(TEACHER_A, "/xong 6A2", group=True)
    assert "Đã ghi nhận" not in refused and "/dangky" in refused, refused
    async with uow_factory() as uow:
        school = await uow.schools.by_code("THCS-LELOI")
        assert await uow.reports.reported_classes(school.id) == ["6A1"]
        lines = await list_members(uow, MemberScope(school_ids=(school.id,)))
        removed = await uow.members.get(TEACHER_A.platform, TEACHER_A.user_id, include_removed=True)
    assert TEACHER_A.user_id not in {line.user_id for line in lines}
    assert isinstance(removed, Member) and removed.removed_at is not None
    assert re.search(r"Đã đăng ký", await province.say(TEACHER_A, f"/dangky {province.codes['THCS-LELOI'][0]}"))
    assert TEACHER_B  # the other school's teacher is untouched by the removal


async def test_removing_a_leader_withdraws_their_confirmation_of_the_school(province, uow_factory, clock):
    await province.say(LEADER_A, "/xacnhan chac")
    async with uow_factory() as uow:
        school = await uow.schools.by_code("THCS-LELOI")
        assert await uow.reports.confirmation(school.id) is not None
        leader = await uow.members.get(LEADER_A.platform, LEADER_A.user_id)
        withdrawn = await remove_member(uow, leader, clock.now())
        await uow.commit()
    assert withdrawn == [texts.MEMBER_REMOVED_CONFIRMATION.format(school="Trường THCS Lê Lợi")]
    async with uow_factory() as uow:
        assert await uow.reports.confirmation(school.id) is None
