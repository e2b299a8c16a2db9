"""Why the operating system refused a file or folder, in Vietnamese (the OS's own text is English)."""

from __future__ import annotations

import errno

_REASONS = {
    errno.ENOENT: "đường dẫn không tồn tại hoặc không tạo được",
    errno.EROFS: "ổ đĩa chỉ cho đọc",
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.ENAMETOOLONG: "tên tệp quá dài",
    errno.EACCES: "không có quyền ghi",
    errno.EPERM: "không có quyền ghi",
}


def os_reason(error: OSError) -> str:
    """A short reason an operator can act on: no permission, disk full, read-only…"""
    if isinstance(error, PermissionError):
        return "không có quyền ghi"
    if isinstance(error, (FileExistsError, NotADirectoryError)):
        return "trên đường dẫn có một tệp trùng tên thư mục"
    return _REASONS.get(error.errno or 0, f"lỗi hệ thống (mã {error.errno})" if error.errno else "lỗi hệ thống")
