//! The contrassegno read from a picture of the paper copy (a scan or a photo, PNG or JPEG),
//! for who has no QR reader at hand: «Verifica copia» takes the file, this finds the QR codes
//! in it (rqrr) and gives back what they say; the caller verifies it like a typed token.

use crate::Error;

/// Largest picture read (pixels): a page scanned at 600 dpi is about 35 million.
const MAX_PIXELS: u64 = 60_000_000;

/// What the QR codes in a PNG or JPEG picture say, in reading order (none: no QR found).
pub fn qr_texts(picture: &[u8]) -> Result<Vec<String>, Error> {
    let format = image::guess_format(picture)
        .map_err(|_| Error::Picture("il file non è un'immagine PNG o JPEG".into()))?;
    if !matches!(format, image::ImageFormat::Png | image::ImageFormat::Jpeg) {
        return Err(Error::Picture(format!(
            "un'immagine {format:?} non si legge: servono PNG o JPEG"
        )));
    }
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(picture), format);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 4);
    reader.limits(limits);
    let luma = reader
        .decode()
        .map_err(|e| Error::Picture(format!("immagine illeggibile ({e})")))?
        .to_luma8();
    if u64::from(luma.width()) * u64::from(luma.height()) > MAX_PIXELS {
        return Err(Error::Picture("immagine troppo grande".into()));
    }
    let mut prepared = rqrr::PreparedImage::prepare(luma);
    Ok(prepared
        .detect_grids()
        .into_iter()
        .filter_map(|grid| grid.decode().ok().map(|(_, text)| text))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_not_a_picture_is_said() {
        assert!(matches!(
            qr_texts(b"non un'immagine"),
            Err(Error::Picture(_))
        ));
    }

    #[test]
    fn a_qr_drawn_by_us_is_read_back() {
        // A QR as the copy draws it (qrcode), rendered as a PNG picture.
        let code = qrcode::QrCode::new(b"ATTI2|prova").expect("qr");
        let width = code.width();
        let scale = 8;
        let side = u32::try_from((width + 8) * scale).expect("side");
        let mut img = image::GrayImage::from_pixel(side, side, image::Luma([255]));
        for y in 0..width {
            for x in 0..width {
                if code[(x, y)] == qrcode::Color::Dark {
                    for dy in 0..scale {
                        for dx in 0..scale {
                            let px = u32::try_from((x + 4) * scale + dx).expect("x");
                            let py = u32::try_from((y + 4) * scale + dy).expect("y");
                            img.put_pixel(px, py, image::Luma([0]));
                        }
                    }
                }
            }
        }
        let mut png = Vec::new();
        img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .expect("png");
        assert_eq!(qr_texts(&png).expect("read"), ["ATTI2|prova"]);
        // A blank page: no QR, no error.
        let blank = image::GrayImage::from_pixel(200, 200, image::Luma([255]));
        let mut png = Vec::new();
        blank
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .expect("png");
        assert!(qr_texts(&png).expect("read").is_empty());
    }
}
