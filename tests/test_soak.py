"""Soak: hundreds of archive PDFs of random text and pictures, each judged by page-validation
and, where it complains of a stream, by qpdf too. `make test` writes SOAK_DOCUMENTS (100);
`make soak` writes 1,000."""

from __future__ import annotations

import datetime
import os
import random

import pytest
from PIL import Image

from pipeline.config import REPOSITORY
from pipeline.kinds import ANNUAL_REPORT
from pipeline.model import Output, RenderedDocument
from pipeline.pdf.writer import PdfWriter
from pipeline.profiles import PROFILES

DOCUMENTS = int(os.environ.get("SOAK_DOCUMENTS", "100"))
WORDS = ("migration", "politique", "cooperación", "développement", "Acción", "réussite",
         "año", "«ñandú»", "œuvre", "Ibero-American", "GLO.ACT", "2017", "10.7", "Côte",
         "d’Ivoire", "experts", "légende", "diáspora", "—", "(SEGOB)", "naïve", "Zürich")


def document(rng: random.Random, index: int, folder) -> RenderedDocument:
    paragraphs = []
    for _ in range(rng.randint(1, 12)):
        words = [rng.choice(WORDS) if rng.random() < 0.5 else
                 "".join(rng.choice("abcdefghijklmnopqrstuvwxyzéàñç") for _ in range(rng.randint(1, 11)))
                 for _ in range(rng.randint(3, 120))]
        paragraphs.append(f"<p>{' '.join(words)}</p>")
    images = []
    for number in range(rng.randint(0, 2)):
        picture = Image.new("RGB", (rng.randint(8, 40), rng.randint(8, 40)))
        picture.putdata([tuple(rng.randrange(256) for _ in range(3))
                         for _ in range(picture.width * picture.height)])
        name = f"{index}-{number}.{rng.choice(['jpg', 'png'])}"
        picture = picture.resize((picture.width * 20, picture.height * 20))
        picture.save(folder / name)
        width = picture.width / 300 * 25.4  # placed at 300 ppi: the archive's resolution
        images.append(f'<img src="file:///project/{name}" alt="a random picture" '
                      f'style="width: {width:.1f}mm; image-rendering: crisp-edges">')
    font = rng.choice(["Inter", "Noto Serif"])
    html = (f'<html lang="en"><head><title>Soak {index}</title></head>'
            f'<body style="font-family: \'{font}\'">{"".join(paragraphs)}{"".join(images)}'
            "</body></html>")
    output = Output(ANNUAL_REPORT, "en", 2000 + index, None, PROFILES["archive"])
    return RenderedDocument(output, html, f"Soak {index}", "MIEUX", "soak", (),
                            datetime.date(2017, 12, 1), attachments=("record.yaml",))


@pytest.mark.skipif(DOCUMENTS <= 0, reason="SOAK_DOCUMENTS=0")
def test_archive_pdfs_of_random_content_pass_with_no_false_alarm(tmp_path):
    (tmp_path / "record.yaml").write_text("id: soak\n")
    writer = PdfWriter({"project": tmp_path}, REPOSITORY / "assets" / "fonts", tmp_path / "b")
    rng = random.Random(20171201)
    errors, disagreements = [], []
    for index in range(DOCUMENTS):
        _, problems = writer.write(document(rng, index, tmp_path), tmp_path / f"{index}.pdf")
        errors += [str(p) for p in problems if p.level == "error"]
        disagreements += [str(p) for p in problems if p.code == "preflight.validator-disagrees"]
    print(f"{DOCUMENTS} archive PDFs: {len(errors)} errors, {len(disagreements)} validator "
          "disagreements")
    assert errors == [] and disagreements == []
