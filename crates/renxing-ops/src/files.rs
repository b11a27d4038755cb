//! Reading files for the front ends: one rule and one error for every front end that reads a
//! path (the Python package's `read_csv` and `Assessment.from_file`).

use std::path::Path as FsPath;

use renxing::{Error, ErrorCode, Msg, Problem};

/// Reads a UTF-8 text file; a leading byte-order mark (as Excel writes) is removed.
///
/// # Errors
/// [`ErrorCode::Io`] naming the file: it cannot be read, or it is not UTF-8 (with the byte
/// offset of the first invalid byte and a hint to save it as UTF-8).
pub fn read_text(path: &FsPath) -> Result<String, Error> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        Error::from(Problem::new(
            ErrorCode::Io,
            Msg::new(
                format!("无法读取文件 {shown}:{e}"),
                format!("cannot read the file {shown}: {e}"),
            ),
        ))
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        Error::from(Problem::new(
            ErrorCode::Io,
            Msg::new(
                format!("文件 {shown} 不是 UTF-8 编码(第 {at} 字节起无效);请另存为 UTF-8(如 Excel 的“CSV UTF-8”)"),
                format!("the file {shown} is not UTF-8 (invalid from byte {at}); save it as UTF-8 (Excel: \"CSV UTF-8\")"),
            ),
        ))
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_file_and_the_problem() {
        let dir = std::env::temp_dir().join(format!("renxing-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let gbk = dir.join("gbk.csv");
        std::fs::write(&gbk, [b'i', b'd', b',', 0xC9, 0xE7]).unwrap();
        let e = read_text(&gbk).unwrap_err();
        assert_eq!(e.code(), ErrorCode::Io);
        assert!(e
            .message(renxing::Lang::En)
            .contains("is not UTF-8 (invalid from byte 3)"));
        let bom = dir.join("bom.csv");
        std::fs::write(&bom, "\u{feff}id,name\n").unwrap();
        assert_eq!(read_text(&bom).unwrap(), "id,name\n");
        let e = read_text(&dir.join("missing.csv")).unwrap_err();
        assert!(e.message(renxing::Lang::Zh).starts_with("无法读取文件"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
