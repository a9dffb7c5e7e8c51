//! The contrassegno read from a picture of the paper copy, for who has no QR reader at hand:
//! a photo or a scan as PNG or JPEG, or the PDF a scanner makes (each page an image in it).
//! «Verifica copia» takes the file, this finds the QR codes in it (rqrr) and gives back what
//! they say; the caller verifies it like a typed token.

use crate::Error;
use image::GrayImage;

/// Largest picture read (pixels): a page scanned at 600 dpi is about 35 million.
const MAX_PIXELS: u64 = 60_000_000;

/// What the QR codes in a PNG or JPEG picture, or in the page images of a scanned PDF, say,
/// in reading order (none: no QR found).
pub fn qr_texts(file: &[u8]) -> Result<Vec<String>, Error> {
    if file.starts_with(b"%PDF-") {
        return qr_texts_in_pdf(file);
    }
    let format = image::guess_format(file)
        .map_err(|_| Error::Picture("il file non è un'immagine PNG o JPEG né un PDF".into()))?;
    if !matches!(format, image::ImageFormat::Png | image::ImageFormat::Jpeg) {
        return Err(Error::Picture(format!(
            "un'immagine {format:?} non si legge: servono PNG, JPEG o il PDF dello scanner"
        )));
    }
    Ok(read_grids(decode(file, format)?))
}

fn decode(bytes: &[u8], format: image::ImageFormat) -> Result<GrayImage, Error> {
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
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
    Ok(luma)
}

/// The QR codes in a grey picture. A JPEG or a photo has noise around the modules that can
/// hide a code from rqrr's own threshold: when none is found as it is, the picture is tried
/// smoothed and made black and white at Otsu's threshold, then only made black and white
/// (on 300 dpi JPEG scans of our copies the second read every code, the first four in five).
fn read_grids(luma: GrayImage) -> Vec<String> {
    let found = grids(luma.clone());
    if !found.is_empty() {
        return found;
    }
    let found = grids(black_and_white(&image::imageops::blur(&luma, 1.2)));
    if !found.is_empty() {
        return found;
    }
    grids(black_and_white(&luma))
}

/// The picture in black and white at the threshold that best separates its two kinds of
/// pixel (Otsu's method: the largest variance between the two classes of the histogram).
fn black_and_white(luma: &GrayImage) -> GrayImage {
    let mut histogram = [0u64; 256];
    for p in luma.pixels() {
        histogram[usize::from(p[0])] += 1;
    }
    let total: u64 = histogram.iter().sum();
    let sum: u64 = (0u64..).zip(histogram).map(|(v, n)| v * n).sum();
    let (mut dark, mut dark_sum, mut best, mut threshold) = (0u64, 0u64, 0f64, 128u8);
    for (v, n) in (0u8..=255).zip(histogram) {
        dark += n;
        dark_sum += u64::from(v) * n;
        let light = total - dark;
        if dark == 0 || light == 0 {
            continue;
        }
        let mean_dark = dark_sum as f64 / dark as f64;
        let mean_light = (sum - dark_sum) as f64 / light as f64;
        let between = dark as f64 * light as f64 * (mean_dark - mean_light).powi(2);
        if between > best {
            best = between;
            threshold = v;
        }
    }
    GrayImage::from_fn(luma.width(), luma.height(), |x, y| {
        image::Luma([if luma.get_pixel(x, y)[0] > threshold {
            255
        } else {
            0
        }])
    })
}

fn grids(luma: GrayImage) -> Vec<String> {
    let mut prepared = rqrr::PreparedImage::prepare(luma);
    prepared
        .detect_grids()
        .into_iter()
        .filter_map(|grid| grid.decode().ok().map(|(_, text)| text))
        .collect()
}

/// The QR codes in the images of a PDF, the largest image first (a scanner's page). Images
/// compressed as JPEG (DCTDecode) or deflated 8-bit grey or RGB samples are read; the 1-bit
/// formats of fax scanners (CCITT, JBIG2) are not.
fn qr_texts_in_pdf(pdf: &[u8]) -> Result<Vec<String>, Error> {
    let doc = lopdf::Document::load_mem(pdf)
        .map_err(|e| Error::Picture(format!("PDF illeggibile ({e})")))?;
    let mut pictures: Vec<GrayImage> = Vec::new();
    let mut unreadable = None;
    for object in doc.objects.values() {
        let Ok(stream) = object.as_stream() else {
            continue;
        };
        let name = |key: &[u8]| stream.dict.get(key).and_then(lopdf::Object::as_name).ok();
        if name(b"Subtype") != Some(b"Image".as_slice()) {
            continue;
        }
        let size = |key: &[u8]| {
            stream
                .dict
                .get(key)
                .and_then(lopdf::Object::as_i64)
                .ok()
                .and_then(|n| u32::try_from(n).ok())
                .filter(|n| *n > 0)
        };
        let (Some(width), Some(height)) = (size(b"Width"), size(b"Height")) else {
            continue;
        };
        let pixels = u64::from(width) * u64::from(height);
        if pixels > MAX_PIXELS {
            return Err(Error::Picture("immagine troppo grande nel PDF".into()));
        }
        let filters = stream.filters().unwrap_or_default();
        let picture = match filters.as_slice() {
            [b"DCTDecode"] => decode(&stream.content, image::ImageFormat::Jpeg)?,
            f if f.iter().all(|f| *f == b"FlateDecode") => {
                // Three samples a pixel at most, and the PNG predictors' byte a row.
                let limit =
                    usize::try_from(pixels * 3 + u64::from(height) + 1024).unwrap_or(usize::MAX);
                let Ok(raw) = stream.decompressed_content_with_limit(limit) else {
                    continue;
                };
                let row_bytes = u64::from(width).div_ceil(8);
                // 8-bit samples: one per pixel (grey) or three (RGB); or one bit per pixel, as
                // a black and white scanner makes (1 is white).
                if size(b"BitsPerComponent") == Some(1)
                    && raw.len() as u64 == row_bytes * u64::from(height)
                {
                    let mut grey = GrayImage::new(width, height);
                    for (y, row) in (0..height).zip(raw.chunks(row_bytes as usize)) {
                        for x in 0..width {
                            let bit = row[(x / 8) as usize] >> (7 - x % 8) & 1;
                            grey.put_pixel(x, y, image::Luma([if bit == 1 { 255 } else { 0 }]));
                        }
                    }
                    Some(grey)
                } else if raw.len() as u64 == pixels {
                    GrayImage::from_raw(width, height, raw)
                } else if raw.len() as u64 == pixels * 3 {
                    image::RgbImage::from_raw(width, height, raw)
                        .map(|rgb| image::DynamicImage::ImageRgb8(rgb).to_luma8())
                } else {
                    None
                }
                .ok_or_else(|| Error::Picture("immagine del PDF illeggibile".into()))?
            }
            other => {
                unreadable = other
                    .first()
                    .map(|f| String::from_utf8_lossy(f).into_owned());
                continue;
            }
        };
        pictures.push(picture);
    }
    if pictures.is_empty() {
        return Err(Error::Picture(match unreadable {
            Some(filter) => format!(
                "le pagine di questo PDF sono immagini {filter}, che non si leggono: scansiona in grigio o a colori"
            ),
            None => "il PDF non contiene la scansione di una pagina: serve il PDF dello scanner, o un'immagine".into(),
        }));
    }
    pictures.sort_by_key(|p| std::cmp::Reverse(u64::from(p.width()) * u64::from(p.height())));
    for picture in pictures {
        let texts = read_grids(picture);
        if !texts.is_empty() {
            return Ok(texts);
        }
    }
    Ok(Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn black_and_white_splits_at_the_gap_between_dark_and_light() {
        // Dark pixels around 40, light ones around 200: the threshold falls between them.
        let img = GrayImage::from_fn(10, 10, |x, _| {
            image::Luma([if x < 5 { 35 + x as u8 } else { 195 + x as u8 }])
        });
        let bw = black_and_white(&img);
        assert!(bw.pixels().take(5).all(|p| p[0] == 0));
        assert!(bw.pixels().skip(5).take(5).all(|p| p[0] == 255));
    }

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
