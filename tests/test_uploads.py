"""Uploads are images checked by content: raster re-encoded, SVG rebuilt from an allow-list,
anything else refused with the file's name; size cut off while streaming."""

import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from agenda.events.models import Event
from agenda.lib.images import ImageError, clean_image
from agenda.lib.uploads import LimitedUploadHandler, OversizeUpload
from tests import contributors as t

pytestmark = pytest.mark.django_db
NEW = "/espace/evenements/nouveau/"
DEMO_BANNERS = Path(__file__).resolve().parents[1] / "agenda/demo/static/uploads/demo"


def png(width: int = 40, height: int = 20, *, after: bytes = b"", mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, (width, height), "white" if mode != "1" else 1).save(out, format="PNG")
    return out.getvalue() + after


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (30, 30), "navy")
    exif = Image.Exif()
    exif[0x010E] = "Photo prise rue de Grenelle"  # ImageDescription
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0)}  # GPS
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


HOSTILE_SVG = """<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     viewBox="0 0 100 100" onload="alert(1)">
  <title>Bannière</title>
  <script>alert(document.cookie)</script>
  <rect width="100" height="100" fill="url(https://evil.example/x.svg#a)" onclick="alert(2)"/>
  <circle cx="50" cy="50" r="20" style="fill: red; background: url('https://evil.example/t')"/>
  <a href="javascript:alert(3)"><text x="1" y="10">clic</text></a>
  <use xlink:href="https://evil.example/sprite.svg#icone"/>
  <use href="#rond"/>
  <foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example"/></foreignObject>
  <image href="data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+"/>
  <style>@import url(https://evil.example/x.css);</style>
  <set attributeName="href" to="javascript:alert(4)"/>
  <path id="rond" d="M10 10 h10" stroke="#000091"/>
</svg>""".encode()


def test_a_png_is_re_encoded_and_what_follows_its_pixels_is_gone():
    safe = clean_image(png(after=b"<script>alert(1)</script>"), name="logo.png")

    assert safe.extension == "png"
    assert b"<script>" not in safe.data
    assert Image.open(io.BytesIO(safe.data)).size == (40, 20)


def test_a_jpeg_loses_its_metadata_and_keeps_the_extension_of_its_content():
    safe = clean_image(jpeg_with_gps(), name="photo.PNG")

    assert safe.extension == "jpg"
    reopened = Image.open(io.BytesIO(safe.data))
    assert reopened.format == "JPEG" and reopened.size == (30, 30)
    assert not reopened.getexif()
    assert b"Grenelle" not in safe.data


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "piege.png", "pas une image"),
        (b"%PDF-1.7\n1 0 obj <<>>", "affiche.jpg", "pas une image"),
        (b"", "vide.png", "vide"),
        (png()[:60], "coupe.png", "illisible ou tronquée"),
        (png(12000, 5000, mode="1"), "immense.png", "trop grande"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><rect></svg>", "casse.svg", "ligne 1"),
        (
            b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>',
            "bombe.svg",
            "DOCTYPE",
        ),
        (b'<?xml version="1.0"?><html><svg/></html>', "page.svg", "pas une image SVG"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg">' + b"<g>" * 200 + b"</g>" * 200 + b"</svg>",
            "profond.svg",
            "imbriqués",
        ),
    ],
)
def test_what_is_not_a_safe_image_is_refused_with_the_file_name(content, name, message):
    with pytest.raises(ImageError) as refused:
        clean_image(content, name=name)

    assert str(refused.value).startswith(f"{name} : ")
    assert message in str(refused.value)


def test_an_svg_loses_scripts_handlers_external_references_and_javascript_links():
    safe = clean_image(HOSTILE_SVG, name="banniere.svg")
    text = safe.data.decode()

    for hostile in ("script", "onload", "onclick", "evil.example", "javascript", "foreignObject"):
        assert hostile not in text
    for kept in ("<title>Bannière</title>", 'href="#rond"', 'stroke="#000091"', "<rect "):
        assert kept in text
    assert safe.extension == "svg"
    assert "l’élément <script>" in safe.removed
    assert "un gestionnaire d’événement (onload)" in safe.removed
    assert "un lien vers l’extérieur (href)" in safe.removed


@pytest.mark.parametrize("banner", sorted(DEMO_BANNERS.glob("*.svg")), ids=lambda p: p.name)
def test_the_demo_banners_go_through_the_sanitiser_untouched(banner):
    original = banner.read_bytes()
    safe = clean_image(original, name=banner.name)

    assert safe.removed == ()
    tags = re.compile(rb"<(\w+)")
    assert tags.findall(safe.data) == tags.findall(original)
    assert re.findall(rb'\w+="[^"]*"', safe.data) == re.findall(rb'\w+="[^"]*"', original)


# --- through the event form -------------------------------------------------------------------


def post_image(client, ditp, upload) -> object:
    post = t.form_post(t.snapshot(ditp, images=[]))
    post.update({"images-TOTAL_FORMS": "1", "images-0-alt": "Le logo", "images-0-upload": upload})
    return client.post(NEW, post)


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_an_html_file_named_png_is_refused_by_the_form_and_not_stored(
    client, organiser, ditp, media
):
    client.force_login(organiser)
    upload = SimpleUploadedFile("logo.png", b"<html><script>alert(1)</script></html>", "image/png")

    response = post_image(client, ditp, upload)

    assert response.status_code == 200
    assert "logo.png : ce fichier n’est pas une image" in response.content.decode()
    assert not Event.objects.exists()
    assert stored_files(media) == []


def test_an_uploaded_svg_is_stored_clean_and_served_sandboxed(client, organiser, ditp, media):
    client.force_login(organiser)

    response = post_image(client, ditp, SimpleUploadedFile("Bannière.svg", HOSTILE_SVG))

    assert response.status_code == 302
    (image,) = Event.objects.get().images.all()
    assert re.fullmatch(r"/uploads/evenements/[0-9a-f]{12}/banniere\.svg", image.path)
    served = client.get(image.path)
    body = b"".join(served.streaming_content)
    assert b"script" not in body and b"evil.example" not in body
    assert served["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served["Content-Security-Policy"]


def test_a_jpeg_named_png_is_stored_as_jpg(client, organiser, ditp, media):
    client.force_login(organiser)

    post_image(client, ditp, SimpleUploadedFile("Photo.png", jpeg_with_gps(), "image/png"))

    (stored,) = stored_files(media)
    assert stored.name == "photo.jpg"
    assert Image.open(stored).format == "JPEG"


def test_an_upload_over_the_limit_is_cut_off_while_streaming_and_refused(
    client, organiser, ditp, media, settings, monkeypatch
):
    settings.UPLOAD_MAX_BYTES = 100_000
    client.force_login(organiser)
    completed = []
    original = LimitedUploadHandler.file_complete

    def spy(self, file_size):
        completed.append((self.seen, original(self, file_size)))
        return completed[-1][1]

    monkeypatch.setattr(LimitedUploadHandler, "file_complete", spy)
    big = SimpleUploadedFile("grande.png", png(after=b"0" * 10**6))

    response = post_image(client, ditp, big)

    assert "L’image dépasse 98 Ko." in response.content.decode()
    ((seen, oversize),) = completed
    assert seen > 1_000_000
    assert isinstance(oversize, OversizeUpload) and oversize.size == seen
    assert stored_files(media) == []


def test_a_file_under_the_limit_goes_on_to_django_s_own_handlers(settings):
    settings.UPLOAD_MAX_BYTES = 10
    handler = LimitedUploadHandler()
    handler.new_file("image", "petit.png", "image/png", 8)

    assert handler.receive_data_chunk(b"12345678", 0) == b"12345678"
    assert handler.file_complete(8) is None
    assert handler.receive_data_chunk(b"9ABC", 8) is None
    assert handler.file_complete(12).size == 12
