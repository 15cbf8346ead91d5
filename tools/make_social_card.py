"""Draw the image shown when a Lekgotla link is shared in a messaging app (1200x630 PNG).

Run once when the design changes: python3 tools/make_social_card.py
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

TEAL, WHITE = (0, 121, 107), (255, 255, 255)
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
TARGET = Path(__file__).resolve().parent.parent / "generator" / "theme" / "assets" / "images" / "social-card.png"


def main() -> None:
    card = Image.new("RGB", (1200, 630), TEAL)
    draw = ImageDraw.Draw(card)
    draw.text((80, 200), "Lekgotla", font=ImageFont.truetype(FONT, 120), fill=WHITE)
    draw.text((84, 360), "Municipal best practice: case studies,", font=ImageFont.truetype(FONT, 44), fill=WHITE)
    draw.text((84, 420), "toolkits and benchmarks for peer learning", font=ImageFont.truetype(FONT, 44), fill=WHITE)
    card = card.quantize(colors=16)  # flat colours: a few KB instead of hundreds
    card.save(TARGET, optimize=True)
    print(f"wrote {TARGET} ({TARGET.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
