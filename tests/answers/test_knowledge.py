from datetime import date
from pathlib import Path
from textwrap import dedent

import pytest

from handlers.answers.knowledge import LEVELS, KnowledgeError, load_knowledge

FIXTURE = Path(__file__).parent.parent / "data" / "kb_fixture.yaml"

GOOD_ENTRY = """\
  - id: {id}
    question: Ai cập nhật dữ liệu học sinh?
    phrasings:
      - gvcn cập nhật hs
    answer: Giáo viên chủ nhiệm.
    source: mục 2.3, Bước 1
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(dedent(text), encoding="utf-8")
    return path


def load_error(path: Path) -> str:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(path)
    return str(caught.value)


def test_fixture_loads_with_defaults():
    knowledge = load_knowledge(FIXTURE)
    entry = knowledge["gvcn-cap-nhat-hoc-sinh"]
    assert entry.source == "mục 2.3, Bước 1"
    assert entry.levels == frozenset(LEVELS)
    assert entry.valid_from is None and entry.deadline_track is None
    assert isinstance(entry.phrasings, tuple)
    assert knowledge["phong-gd-phan-quyen"].levels == {"MN", "TH", "THCS"}
    assert knowledge["han-chot-du-lieu-giao-vien"].deadline_track == "teacher"
    assert knowledge.get("missing") is None
    assert len(knowledge) == len(list(knowledge))


def test_directory_of_files_is_loaded_in_name_order(tmp_path):
    write(tmp_path, "b.yaml", "entries:\n" + GOOD_ENTRY.format(id="second"))
    write(tmp_path, "a.yaml", "entries:\n" + GOOD_ENTRY.format(id="first"))
    write(tmp_path, "notes.txt", "not yaml")
    knowledge = load_knowledge(tmp_path)
    assert [entry.id for entry in knowledge] == ["first", "second"]


def test_duplicate_id_across_files_names_both_places(tmp_path):
    write(tmp_path, "a.yaml", "entries:\n" + GOOD_ENTRY.format(id="same"))
    write(tmp_path, "b.yaml", "entries:\n" + GOOD_ENTRY.format(id="other") + GOOD_ENTRY.format(id="same"))
    message = load_error(tmp_path)
    assert "b.yaml:8" in message and "id 'same' bị trùng" in message and "a.yaml:2" in message


def test_unknown_field_is_reported_with_file_line_and_hint(tmp_path):
    text = "entries:\n" + GOOD_ENTRY.format(id="one") + GOOD_ENTRY.format(id="two").replace("phrasings:", "phrasing:")
    path = write(tmp_path, "kb.yaml", text)
    message = load_error(path)
    assert f"{path}:10:" in message
    assert "trường 'phrasing' không có" in message and "có phải ý thầy/cô là 'phrasings'" in message


def test_missing_required_field_points_at_the_entry(tmp_path):
    text = (
        "entries:\n"
        + GOOD_ENTRY.format(id="one")
        + GOOD_ENTRY.format(id="two").replace("    source: mục 2.3, Bước 1\n", "")
    )
    path = write(tmp_path, "kb.yaml", text)
    message = load_error(path)
    assert f"{path}:8:" in message and "mục 'two'" in message and "thiếu trường bắt buộc 'source'" in message


@pytest.mark.parametrize(
    ("replace", "by", "line", "expected"),
    [
        ("id: one", "id: Một Hai", 2, "id 'Một Hai' chỉ được gồm chữ thường không dấu"),
        ("question: Ai cập nhật dữ liệu học sinh?", "question: ''", 3, "trường 'question' phải là văn bản"),
        ("      - gvcn cập nhật hs", "      - 42", 5, "mỗi dòng của 'phrasings' phải là văn bản"),
        ("source: mục 2.3, Bước 1", "source: [1, 2]", 7, "trường 'source' phải là văn bản"),
        ("answer: Giáo viên chủ nhiệm.", "answer: Giáo viên chủ nhiệm.\n    levels: [THCS, CD]", 7, "cấp học 'CD'"),
        ("answer: Giáo viên chủ nhiệm.", "answer: Giáo viên chủ nhiệm.\n    levels: []", 7, "không được để trống"),
        (
            "answer: Giáo viên chủ nhiệm.",
            "answer: Giáo viên chủ nhiệm.\n    valid_from: 2023-13-01",
            7,
            "trường 'valid_from' phải là ngày",
        ),
        (
            "answer: Giáo viên chủ nhiệm.",
            "answer: Giáo viên chủ nhiệm.\n    listed: trường Khiếm thính",
            7,
            "trường 'listed' phải là danh sách",
        ),
        (
            "answer: Giáo viên chủ nhiệm.",
            "answer: Giáo viên chủ nhiệm.\n    answer: hai lần",
            7,
            "trường 'answer' xuất hiện hai lần",
        ),
    ],
)
def test_malformed_entry_reports_file_and_line(tmp_path, replace, by, line, expected):
    path = write(tmp_path, "kb.yaml", "entries:\n" + GOOD_ENTRY.format(id="one").replace(replace, by))
    message = load_error(path)
    assert message.startswith(f"{path}:{line}:"), message
    assert expected in message


def test_listed_items_are_read_as_written(tmp_path):
    listed = '    listed:\n      - "trường Khiếm thính HP | khiếm thính"\n'
    path = write(tmp_path, "kb.yaml", "entries:\n" + GOOD_ENTRY.format(id="one") + listed)
    assert load_knowledge(path)["one"].listed == ("trường Khiếm thính HP | khiếm thính",)
    assert load_knowledge(FIXTURE)["gvcn-cap-nhat-hoc-sinh"].listed == ()


def test_invalid_yaml_reports_line(tmp_path):
    path = write(tmp_path, "kb.yaml", "entries:\n  - id: one\n    question: [unclosed\n    answer: x\n")
    message = load_error(path)
    assert message.startswith(f"{path}:") and "sai cú pháp YAML" in message


def test_non_utf8_file_reports_line(tmp_path):
    path = tmp_path / "kb.yaml"
    path.write_bytes(b"entries:\n  - id: one\n    question: Ai c\xe2p nh\xe2t?\n")  # not UTF-8
    message = load_error(path)
    assert message.startswith(f"{path}:3:") and "không phải văn bản UTF-8" in message


def test_top_level_must_be_entries(tmp_path):
    message = load_error(write(tmp_path, "a.yaml", "- id: one\n"))
    assert "a.yaml:1:" in message and "tệp phải bắt đầu bằng khóa 'entries'" in message
    message = load_error(write(tmp_path, "b.yaml", "entrys:\n" + GOOD_ENTRY.format(id="one")))
    assert "b.yaml:1:" in message and "khóa 'entrys' không có" in message


def test_deadline_placeholder_requires_track_and_track_requires_placeholder(tmp_path):
    with_placeholder = GOOD_ENTRY.format(id="one").replace("Giáo viên chủ nhiệm.", "'Hạn: {deadlines}'")
    message = load_error(write(tmp_path, "a.yaml", "entries:\n" + with_placeholder))
    assert "a.yaml:6:" in message and "chưa đặt trường 'deadline_track'" in message

    track_only = GOOD_ENTRY.format(id="one") + "    deadline_track: teacher\n"
    message = load_error(write(tmp_path, "b.yaml", "entries:\n" + track_only))
    assert "b.yaml:6:" in message and "{deadlines} đúng một lần" in message

    twice = with_placeholder.replace("'Hạn: {deadlines}'", "'{deadlines} {deadlines}'")
    twice += "    deadline_track: teacher\n"
    assert "{deadlines} đúng một lần" in load_error(write(tmp_path, "c.yaml", "entries:\n" + twice))

    typo = GOOD_ENTRY.format(id="one").replace("Giáo viên chủ nhiệm.", "'Hạn: {deadline}'")
    assert "chỗ điền {deadline} trong 'answer' không hợp lệ" in load_error(write(tmp_path, "d.yaml", "entries:\n" + typo))

    wrong_track = with_placeholder + "    deadline_track: teachers\n"
    message = load_error(write(tmp_path, "e.yaml", "entries:\n" + wrong_track))
    assert "giá trị 'teachers' của 'deadline_track' không hợp lệ" in message


def test_valid_from_after_valid_until_is_rejected(tmp_path):
    entry = GOOD_ENTRY.format(id="one") + "    valid_from: 2023-07-01\n    valid_until: 2023-06-01\n"
    message = load_error(write(tmp_path, "kb.yaml", "entries:\n" + entry))
    assert "kb.yaml:8:" in message and "'valid_from' không được sau ngày 'valid_until'" in message


def test_validity_window_is_inclusive():
    entry = load_knowledge(FIXTURE)["dot-ra-soat-cu"]
    assert entry.valid_until == date(2022, 12, 31)
    assert entry.is_valid_on(date(2022, 12, 31))
    assert not entry.is_valid_on(date(2023, 1, 1))


def test_missing_path_and_empty_directory_are_errors(tmp_path):
    assert "none.yaml: không tìm thấy tệp tri thức" in load_error(tmp_path / "none.yaml")
    assert f"{tmp_path}: thư mục này không có tệp tri thức *.yaml" in load_error(tmp_path)
