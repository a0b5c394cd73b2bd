// Renders the demo galleries' photos (demo/stories/galleries/*.jpg) with libvips: abstract,
// text-free compositions of a night sky, a carpet, spotlights, camera flashes and silhouettes,
// made for this project. Deterministic: the same build of libvips gives the same files.
//   cmake --build --preset release --target demo_gallery_photos
//   build/release/demo_gallery_photos demo/stories/galleries
#include <vips/vips8>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

using vips::VImage;

namespace {

struct Rgb {
  double r, g, b;
};

struct Figure {
  double x;       // centre, 0..1 across
  double height;  // 0..1 of the frame
  Rgb colour;
  bool wide;  // a dress
};

struct Scene {
  const char* name;
  int width, height;
  Rgb sky_top, sky_bottom;
  Rgb carpet;
  std::vector<Figure> figures;
  int flashes;
  unsigned seed;
};

VImage rgb(const VImage& r, const VImage& g, const VImage& b) {
  return r.bandjoin(g).bandjoin(b);
}

// A vertical gradient from top to bottom colour.
VImage gradient(int w, int h, Rgb top, Rgb bottom) {
  VImage y = VImage::xyz(w, h)[1] / static_cast<double>(h - 1);
  std::vector<VImage> bands;
  for (auto [a, b] : {std::pair{top.r, bottom.r}, {top.g, bottom.g}, {top.b, bottom.b}}) {
    bands.push_back(y * (b - a) + a);
  }
  return rgb(bands[0], bands[1], bands[2]);
}

// A soft round light of the given colour and radius at (cx, cy), 0..1 strength.
VImage glow(int w, int h, double cx, double cy, double radius) {
  VImage xy = VImage::xyz(w, h);
  VImage d = ((xy[0] - cx).pow(2) + (xy[1] - cy).pow(2)).pow(0.5);
  return (1 - d / radius)
      .relational_const(VIPS_OPERATION_RELATIONAL_MORE, {0})
      .ifthenelse((1 - d / radius), 0);
}

unsigned next(unsigned& state) {
  state = state * 1664525u + 1013904223u;
  return state >> 8;
}

VImage render(const Scene& s) {
  const int w = s.width, h = s.height;
  VImage image = gradient(w, h, s.sky_top, s.sky_bottom);
  unsigned state = s.seed;
  // Spotlights from above.
  for (int i = 0; i < 3; ++i) {
    double cx = w * (0.2 + 0.3 * i) + (next(state) % 60) - 30;
    VImage light = glow(w, h, cx, h * 0.15, h * 0.55) * 70;
    image = image + rgb(light, light, light * 0.8);
  }
  // The carpet: a band narrowing towards the back, drawn row by row as a trapezoid mask.
  VImage xy = VImage::xyz(w, h);
  double horizon = h * 0.55;
  VImage t = (xy[1] - horizon) / (h - horizon);
  VImage half = t * (w * 0.45) + w * 0.06;
  VImage inside = ((xy[0] - w / 2.0).abs() < half) & (xy[1] > horizon);
  VImage carpet = gradient(w, h, s.carpet, {s.carpet.r * 0.55, s.carpet.g * 0.5, s.carpet.b * 0.5});
  image = inside.ifthenelse(carpet, image);
  // Camera flashes at the sides: bright, blurred points.
  VImage flashes = VImage::black(w, h);
  for (int i = 0; i < s.flashes; ++i) {
    bool left = i % 2 == 0;
    double x = left ? (next(state) % (w / 6)) : w - (next(state) % (w / 6));
    double y = horizon - h * 0.1 + (next(state) % static_cast<unsigned>(h * 0.35));
    flashes.draw_circle({255}, static_cast<int>(x), static_cast<int>(y), 4 + next(state) % 6,
                        VImage::option()->set("fill", true));
  }
  // Blurred as floats: an integer blur of full-white points overflows into black centres.
  flashes = flashes.cast(VIPS_FORMAT_FLOAT).gaussblur(6) * 3;
  image = image + rgb(flashes, flashes, flashes);
  // Silhouettes: a head and a body (narrow, or a wide skirt) standing on the carpet.
  for (const auto& f : s.figures) {
    int cx = static_cast<int>(w * f.x);
    int feet = static_cast<int>(h * 0.94);
    int tall = static_cast<int>(h * f.height);
    int head = tall / 9;
    VImage mask = VImage::black(w, h);
    mask.draw_circle({255}, cx, feet - tall + head, head, VImage::option()->set("fill", true));
    int shoulders = static_cast<int>(head * 1.6);
    int top = feet - tall + 2 * head;
    for (int y = top; y < feet; y += 2) {
      double k = static_cast<double>(y - top) / (feet - top);
      int half_width =
          static_cast<int>(f.wide ? shoulders * (0.6 + 1.2 * k * k) : shoulders * (1.0 - 0.35 * k));
      mask.draw_rect({255}, cx - half_width, y, 2 * half_width, 2,
                     VImage::option()->set("fill", true));
    }
    mask = mask.cast(VIPS_FORMAT_FLOAT).gaussblur(1.2) / 255.0;
    VImage body = VImage::black(w, h, VImage::option()->set("bands", 3))
                      .linear({1, 1, 1}, {f.colour.r, f.colour.g, f.colour.b});
    image = image * (1 - mask) + body * mask;
  }
  // Flashes and spotlights add up past white: clip them there.
  return (image > 255).ifthenelse(255, image).cast(VIPS_FORMAT_UCHAR);
}

}  // namespace

int main(int argc, char** argv) {
  if (VIPS_INIT(argv[0])) return 1;
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <output folder>\n", argv[0]);
    return 2;
  }
  const std::string out = argv[1];
  const Rgb night{14, 16, 38}, dusk{70, 40, 90}, red{176, 22, 38}, wine{120, 20, 60};
  const Rgb black{10, 10, 14}, gold{200, 150, 40}, white{235, 230, 225}, blue{40, 60, 140};
  const std::vector<Scene> scenes = {
      // The Runaways premiere, Los Angeles.
      {"runaways-premiere-arrival",
       1200,
       800,
       night,
       dusk,
       red,
       {{0.5, 0.62, black, false}},
       14,
       1},
      {"runaways-premiere-fanning", 800, 1000, night, dusk, red, {{0.5, 0.7, gold, true}}, 10, 2},
      {"runaways-premiere-trio",
       1200,
       800,
       night,
       dusk,
       red,
       {{0.32, 0.6, black, false}, {0.5, 0.62, gold, true}, {0.68, 0.58, wine, false}},
       18,
       3},
      {"runaways-premiere-currie",
       1200,
       800,
       night,
       dusk,
       red,
       {{0.4, 0.6, white, true}, {0.6, 0.62, gold, true}},
       12,
       4},
      {"runaways-premiere-shannon",
       1200,
       800,
       night,
       dusk,
       red,
       {{0.55, 0.68, black, false}},
       8,
       5},
      {"runaways-premiere-fans", 1200, 800, dusk, night, wine, {}, 40, 6},
      // The Twilight Saga: Eclipse premiere, Los Angeles.
      {"eclipse-premiere-stewart", 800, 1000, night, blue, wine, {{0.5, 0.7, white, true}}, 12, 7},
      {"eclipse-premiere-pattinson",
       1200,
       800,
       night,
       blue,
       wine,
       {{0.45, 0.64, black, false}},
       16,
       8},
      {"eclipse-premiere-lautner",
       1200,
       800,
       night,
       blue,
       wine,
       {{0.58, 0.66, blue, false}},
       10,
       9},
      {"eclipse-premiere-cast",
       1200,
       800,
       night,
       blue,
       wine,
       {{0.33, 0.6, black, false}, {0.5, 0.6, white, true}, {0.67, 0.62, blue, false}},
       20,
       10},
      {"eclipse-premiere-crowd", 1200, 800, blue, night, red, {}, 44, 11},
  };
  for (const auto& scene : scenes) {
    const std::string path = out + "/" + scene.name + ".jpg";
    render(scene).jpegsave(path.c_str(), VImage::option()->set("Q", 82)->set("strip", true));
    std::printf("%s\n", path.c_str());
  }
  vips_shutdown();
  return 0;
}
