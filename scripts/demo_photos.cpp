// Renders the demo's photos: abstract compositions (a gradient sky, soft discs of light, and a
// figure or a stage standing where the subject of a real photo would), made with libvips for
// this project. Run from the build: `demo_photos <demo/stories/images>`; the files are committed,
// so the demo itself never runs this.
#include <vips/vips8>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace {

using vips::VImage;

struct Rgb {
  double r, g, b;
};

enum class Subject { figure, pair, band, stage, crowd, record };

struct Photo {
  const char* name;
  int width, height;
  Rgb top, bottom;  // the gradient behind
  Rgb light;        // the discs of light
  Rgb subject;      // the figure, stage or record
  Subject kind;
  double x, y;  // where the subject stands, 0 to 1
  unsigned seed;
};

VImage constant(const VImage& like, const Rgb& c) {
  return (like.new_from_image(std::vector<double>{c.r, c.g, c.b})).cast(VIPS_FORMAT_FLOAT);
}

// 1 inside an ellipse centred at (cx, cy) with radii (rx, ry), fading over `soft` pixels.
VImage ellipse(const VImage& x, const VImage& y, double cx, double cy, double rx, double ry,
               double soft) {
  VImage d = (((x - cx) / rx).pow(2) + ((y - cy) / ry).pow(2)).pow(0.5);
  VImage edge = (1 - d) * (std::min(rx, ry) / soft);
  return (edge > 1).ifthenelse(1.0, (edge < 0).ifthenelse(0.0, edge));
}

VImage blend(const VImage& under, const VImage& colour, const VImage& mask) {
  return under * (1 - mask) + colour * mask;
}

VImage render(const Photo& p) {
  VImage xy = VImage::xyz(p.width, p.height);
  VImage x = xy[0].cast(VIPS_FORMAT_FLOAT), y = xy[1].cast(VIPS_FORMAT_FLOAT);
  VImage t = y / double(p.height);
  VImage base =
      VImage::black(p.width, p.height, VImage::option()->set("bands", 3)).cast(VIPS_FORMAT_FLOAT);
  VImage image = constant(base, p.top) * (1 - t) + constant(base, p.bottom) * t;
  // Discs of light, as out-of-focus lamps behind the subject.
  std::srand(p.seed);
  const double unit = std::min(p.width, p.height);
  for (int i = 0; i < 9; ++i) {
    double cx = (std::rand() % 1000) / 1000.0 * p.width;
    double cy = (std::rand() % 600) / 1000.0 * p.height;
    double r = unit * (0.04 + (std::rand() % 100) / 1000.0);
    VImage mask = ellipse(x, y, cx, cy, r, r, r * 0.6) * 0.35;
    image = blend(image, constant(base, p.light), mask);
  }
  const double cx = p.x * p.width, cy = p.y * p.height;
  VImage subject = constant(base, p.subject);
  auto figure = [&](double fx, double fy, double scale) {
    const double h = unit * 0.16 * scale;  // the head's radius
    VImage head = ellipse(x, y, fx, fy - h * 1.2, h * 0.8, h, h * 0.15);
    VImage body = ellipse(x, y, fx, fy + h * 2.2, h * 2.1, h * 2.4, h * 0.2);
    image = blend(image, subject, head);
    image = blend(image, subject, body);
  };
  switch (p.kind) {
    case Subject::figure:
      figure(cx, cy, 1.0);
      break;
    case Subject::pair:
      figure(cx - unit * 0.17, cy, 0.95);
      figure(cx + unit * 0.17, cy + unit * 0.02, 0.9);
      break;
    case Subject::band:
      for (int i = -2; i <= 2; ++i)
        figure(cx + i * unit * 0.2, cy + std::abs(i) * unit * 0.02, 0.7);
      break;
    case Subject::crowd:
      for (int i = 0; i < 14; ++i) {
        figure((i + 0.5) / 14.0 * p.width, p.height * (0.82 + (i % 3) * 0.03), 0.45);
      }
      figure(cx, cy, 0.9);
      break;
    case Subject::stage: {
      VImage floor = (y > p.height * 0.72).ifthenelse(1.0, 0.0) * 0.8;
      image = blend(image, subject, floor);
      VImage spot = ellipse(x, y, cx, cy, unit * 0.5, unit * 0.7, unit * 0.4) * 0.5;
      image = blend(image, constant(base, {255, 250, 235}), spot);
      figure(cx, cy, 0.8);
      break;
    }
    case Subject::record: {
      VImage disc = ellipse(x, y, cx, cy, unit * 0.36, unit * 0.36, 3);
      image = blend(image, constant(base, {20, 20, 24}), disc);
      VImage label = ellipse(x, y, cx, cy, unit * 0.12, unit * 0.12, 2);
      image = blend(image, subject, label);
      break;
    }
  }
  // A little grain, so that it looks photographed rather than drawn.
  VImage grain = VImage::gaussnoise(p.width, p.height, VImage::option()->set("sigma", 2.5));
  image = image + (grain - 128);
  return (image > 255).ifthenelse(255, (image < 0).ifthenelse(0, image)).cast(VIPS_FORMAT_UCHAR);
}

// Landscape stories at 1280 x 800 (16:10, so every crop has something to cut), portraits of
// people at 800 x 1000, records square: large enough for every slot, small enough that the demo
// starts in seconds.
const Photo kPhotos[] = {
    // stories
    {"cherry-bomb-single.jpg",
     1280,
     800,
     {40, 10, 30},
     {180, 40, 60},
     {255, 120, 80},
     {250, 200, 60},
     Subject::record,
     0.62,
     0.5,
     11},
    {"fanning-stewart-big-year.jpg",
     1280,
     800,
     {250, 190, 120},
     {90, 60, 110},
     {255, 240, 200},
     {40, 30, 50},
     Subject::pair,
     0.4,
     0.55,
     12},
    {"joan-jett-guitar.jpg",
     1280,
     800,
     {20, 20, 30},
     {120, 20, 40},
     {255, 60, 90},
     {10, 10, 12},
     Subject::stage,
     0.7,
     0.55,
     13},
    {"lita-ford-sandy-west.jpg",
     1280,
     800,
     {60, 40, 90},
     {200, 120, 80},
     {255, 210, 150},
     {30, 20, 40},
     Subject::pair,
     0.35,
     0.5,
     14},
    {"michael-shannon-fowley.jpg",
     1280,
     800,
     {30, 60, 60},
     {10, 20, 25},
     {160, 255, 220},
     {5, 10, 10},
     Subject::figure,
     0.7,
     0.5,
     15},
    {"runaways-review.jpg",
     1280,
     800,
     {15, 10, 40},
     {200, 30, 90},
     {255, 80, 200},
     {20, 10, 30},
     Subject::band,
     0.5,
     0.55,
     16},
    {"runaways-cast-announced.jpg",
     1280,
     800,
     {200, 220, 240},
     {120, 140, 190},
     {255, 255, 255},
     {40, 40, 70},
     Subject::pair,
     0.3,
     0.55,
     17},
    {"talk-show-rounds.jpg",
     1280,
     800,
     {20, 40, 90},
     {10, 10, 30},
     {120, 180, 255},
     {230, 200, 150},
     Subject::pair,
     0.65,
     0.55,
     18},
    {"runaways-home-release.jpg",
     1280,
     800,
     {250, 140, 60},
     {120, 30, 50},
     {255, 230, 120},
     {30, 10, 20},
     Subject::band,
     0.45,
     0.6,
     19},
    {"who-were-the-runaways.jpg",
     1280,
     800,
     {90, 80, 70},
     {30, 25, 20},
     {240, 220, 180},
     {15, 12, 10},
     Subject::band,
     0.5,
     0.55,
     20},
    // entities
    {"kristen-stewart.jpg",
     800,
     1000,
     {40, 50, 80},
     {10, 10, 20},
     {140, 160, 255},
     {230, 190, 160},
     Subject::figure,
     0.55,
     0.4,
     31},
    {"dakota-fanning.jpg",
     800,
     1000,
     {250, 220, 180},
     {200, 150, 120},
     {255, 250, 230},
     {80, 50, 40},
     Subject::figure,
     0.45,
     0.42,
     32},
    {"joan-jett.jpg",
     800,
     1000,
     {15, 15, 15},
     {80, 0, 20},
     {255, 30, 60},
     {200, 200, 210},
     Subject::figure,
     0.5,
     0.4,
     33},
    {"cherie-currie.jpg",
     800,
     1000,
     {240, 200, 90},
     {160, 60, 40},
     {255, 250, 200},
     {50, 20, 20},
     Subject::figure,
     0.4,
     0.42,
     34},
    {"michael-shannon.jpg",
     800,
     1000,
     {50, 70, 60},
     {15, 20, 18},
     {200, 255, 220},
     {210, 180, 150},
     Subject::figure,
     0.5,
     0.4,
     35},
    {"the-runaways-band.jpg",
     1280,
     800,
     {120, 0, 40},
     {10, 0, 10},
     {255, 90, 140},
     {15, 10, 15},
     Subject::band,
     0.5,
     0.55,
     36},
    {"the-runaways-poster.jpg",
     800,
     1000,
     {220, 30, 60},
     {40, 0, 20},
     {255, 200, 80},
     {20, 0, 10},
     Subject::pair,
     0.5,
     0.5,
     37},
    {"eclipse-poster.jpg",
     800,
     1000,
     {30, 30, 40},
     {200, 200, 210},
     {255, 255, 255},
     {60, 10, 20},
     Subject::figure,
     0.5,
     0.45,
     38},
    {"cherry-bomb-cover.jpg",
     1000,
     1000,
     {250, 120, 40},
     {200, 20, 60},
     {255, 240, 160},
     {255, 230, 60},
     Subject::record,
     0.5,
     0.5,
     39},
};

}  // namespace

int main(int argc, char** argv) {
  if (VIPS_INIT(argv[0]) != 0 || argc != 2) {
    std::fprintf(stderr, "usage: demo_photos <folder>\n");
    return 2;
  }
  const std::filesystem::path folder = argv[1];
  for (const Photo& photo : kPhotos) {
    const auto path = folder / photo.name;
    render(photo).jpegsave(path.c_str(), VImage::option()->set("Q", 80)->set("strip", true));
    std::printf("%s\n", path.c_str());
  }
  return 0;
}
