"""Images from outside (uploads, imports): checked by content, never by name.

`clean_image(data, name=…)` is the one gate: a raster image is opened and re-encoded by Pillow
(whatever it carried besides pixels — a script, an HTML page, metadata — does not survive), an
SVG is parsed and rebuilt from an allow-list of elements and attributes (no script, no event
handler, no external reference, no `javascript:`), anything else is refused with an error that
names the file. The extension of the result is the one of the format found, not of the name.
"""

from __future__ import annotations

import io
import re
import warnings
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from PIL import Image, ImageOps, UnidentifiedImageError

from .uploads import human_size

MAX_DEPTH = 64  # nested SVG elements; drawings need a handful
MAX_PIXELS = 40_000_000  # a 8000 × 5000 photo; beyond, decoding costs too much memory
RASTER_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
# Drawing only: no script, foreignObject, iframe, a, image, use of other files, animation
# (which can rewrite href), style element (CSS can fetch: @import, url()).
SVG_ELEMENTS = frozenset(
    """svg g defs title desc symbol use path rect circle ellipse line polyline polygon text
    tspan textPath linearGradient radialGradient stop clipPath mask pattern marker filter
    feBlend feColorMatrix feComponentTransfer feComposite feFlood feGaussianBlur feMerge
    feMergeNode feOffset feFuncR feFuncG feFuncB feFuncA""".split()
)
SVG_ATTRIBUTES = frozenset(
    """id class lang role viewBox width height x y x1 y1 x2 y2 cx cy r rx ry d points fill
    fill-opacity fill-rule stroke stroke-width stroke-linecap stroke-linejoin stroke-dasharray
    stroke-dashoffset stroke-opacity stroke-miterlimit opacity transform font-family font-size
    font-weight font-style text-anchor dominant-baseline letter-spacing word-spacing
    text-decoration preserveAspectRatio gradientUnits gradientTransform spreadMethod offset
    stop-color stop-opacity fx fy clip-path clip-rule mask maskUnits maskContentUnits
    patternUnits patternContentUnits patternTransform markerWidth markerHeight markerUnits
    refX refY orient stdDeviation in in2 result mode operator k1 k2 k3 k4 dx dy values type
    tableValues slope intercept amplitude exponent flood-color flood-opacity filterUnits
    primitiveUnits visibility display color style aria-label aria-labelledby
    aria-describedby aria-hidden focusable version startOffset method spacing textLength
    lengthAdjust vector-effect paint-order""".split()
)
# In an attribute or a style: only references inside the same file.
EXTERNAL_URL = re.compile(r"url\s*\(\s*['\"]?\s*(?!#)", re.I)
DANGEROUS_CSS = re.compile(r"@import|expression\s*\(|javascript:|behavior\s*:|\\", re.I)


class ImageError(ValueError):
    """An image refused; `str()` names the file: "name : message"."""

    def __init__(self, name: str, message: str):
        super().__init__(f"{name} : {message}")
        self.name = name
        self.message = message


@dataclass(frozen=True)
class SafeImage:
    data: bytes
    extension: str  # "jpg", "png", "gif", "webp" or "svg"
    removed: tuple[str, ...] = field(default=())  # what the SVG sanitiser took out, in French


def clean_image(data: bytes, *, name: str, max_bytes: int | None = None) -> SafeImage:
    """Safe bytes and extension for an image file, or ImageError naming `name`."""
    if max_bytes is not None and len(data) > max_bytes:
        raise ImageError(name, f"l’image dépasse {human_size(max_bytes)}.")
    if not data:
        raise ImageError(name, "le fichier est vide.")
    if looks_like_svg(data):
        return clean_svg(data, name=name)
    return reencode_raster(data, name=name)


def looks_like_svg(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<?xml", b"<svg", b"<!--")) and b"<svg" in data[:4096].lower()


def reencode_raster(data: bytes, *, name: str) -> SafeImage:
    not_an_image = "ce fichier n’est pas une image (JPEG, PNG, WebP, GIF ou SVG)."
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in RASTER_FORMATS:
                raise ImageError(name, not_an_image)
            if image.width * image.height > MAX_PIXELS:
                raise ImageError(name, "l’image est trop grande (40 millions de pixels au plus).")
            return _reencoded(image, name=name)
    except (UnidentifiedImageError, Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ImageError(name, not_an_image) from None
    except (OSError, ValueError, SyntaxError, EOFError) as error:
        if isinstance(error, ImageError):
            raise
        raise ImageError(name, "l’image est illisible ou tronquée.") from None


def _reencoded(image: Image.Image, *, name: str) -> SafeImage:
    image_format = image.format
    frames = getattr(image, "n_frames", 1)
    out = io.BytesIO()
    if image_format in ("GIF", "WEBP") and frames > 1:
        image.load()
        image.save(out, format=image_format, save_all=True, loop=image.info.get("loop", 0))
    else:
        image.load()
        upright = ImageOps.exif_transpose(image)  # metadata goes, so apply its rotation
        if image_format == "JPEG" and upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        options = {"quality": 90} if image_format in ("JPEG", "WEBP") else {}
        if image.info.get("icc_profile"):  # colours, inert data
            options["icc_profile"] = image.info["icc_profile"]
        upright.save(out, format=image_format, **options)
    return SafeImage(out.getvalue(), RASTER_FORMATS[image_format])


def clean_svg(data: bytes, *, name: str) -> SafeImage:
    lowered = data.lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        # SVG needs no DTD; entities are how XML bombs and external files get in.
        raise ImageError(name, "SVG refusé : il déclare un DOCTYPE ou des entités.")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        line, column = error.position
        raise ImageError(name, f"SVG illisible (ligne {line}, colonne {column}).") from None
    if _local(root.tag) != "svg" or _namespace(root.tag) not in ("", SVG_NS):
        raise ImageError(name, "ce fichier XML n’est pas une image SVG.")
    removed: list[str] = []
    if _depth(root) > MAX_DEPTH:
        raise ImageError(name, f"SVG refusé : plus de {MAX_DEPTH} éléments imbriqués.")
    clean = _clean_element(root, removed)
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    text = ET.tostring(clean, encoding="unicode")
    return SafeImage(text.encode("utf-8"), "svg", tuple(dict.fromkeys(removed)))


def _depth(root: ET.Element) -> int:
    deepest, level = 0, [(root, 1)]
    while level:
        element, depth = level.pop()
        deepest = max(deepest, depth)
        if depth <= MAX_DEPTH:
            level.extend((child, depth + 1) for child in element)
    return deepest


def _clean_element(element: ET.Element, removed: list[str]) -> ET.Element:
    clean = ET.Element(_svg_tag(element.tag))
    for key, value in element.attrib.items():
        reason = _attribute_problem(key, value)
        if reason:
            removed.append(reason)
        else:
            clean.set(_attribute_name(key), value)
    clean.text = element.text
    for child in element:
        if _namespace(child.tag) in ("", SVG_NS) and _local(child.tag) in SVG_ELEMENTS:
            kept = _clean_element(child, removed)
            kept.tail = child.tail
            clean.append(kept)
        else:
            removed.append(f"l’élément <{_local(child.tag)}>")
            if child.tail and len(clean):
                clean[-1].tail = (clean[-1].tail or "") + child.tail
    return clean


def _attribute_problem(key: str, value: str) -> str:
    """Why an attribute goes ("" when it stays)."""
    local, namespace = _local(key), _namespace(key)
    if local == "href" and namespace in ("", XLINK_NS):
        return "" if value.strip().startswith("#") else "un lien vers l’extérieur (href)"
    if namespace not in ("",) or local not in SVG_ATTRIBUTES:
        if local.lower().startswith("on"):
            return f"un gestionnaire d’événement ({local})"
        return f"l’attribut {local}"
    if EXTERNAL_URL.search(value) or DANGEROUS_CSS.search(value) or "javascript:" in value.lower():
        return f"une référence extérieure ({local})"
    return ""


def _attribute_name(key: str) -> str:
    if _namespace(key) == XLINK_NS:
        return f"{{{XLINK_NS}}}href"
    return key


def _svg_tag(tag: str) -> str:
    return f"{{{SVG_NS}}}{_local(tag)}"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""
