#!/usr/bin/env bash
# The quality benchmarks' CUDA variant (issues 14, 15, 16 and 19), prepared here and run on a GPU machine in short calls.
#
#   bash tests/GenService.Benchmarks/benchmarks-on-gpu.sh pack
#       Here: a self-contained linux-x64 publish of the benchmark without the CPU libtorch (the GPU machine
#       brings PyTorch's), with python3-skimage's seven photos (srresnet's dataset and the inputs) and
#       Fashion-MNIST's test split and first 20,000 training images (pix2pix, cyclegan, evaluation, textgan), as
#       .artifacts/gpu-benchmarks.tar.xz (under the device tool's 64 MiB).
#   bash tests/GenService.Benchmarks/benchmarks-on-gpu.sh run [benchmark ...]
#       On the GPU machine (the device tool with carry [".artifacts/gpu-benchmarks.tar.xz"]): unpacks, loads the
#       machine's PyTorch libtorch (or TORCH_LIB), and runs the benchmarks named (default the first five, in this order):
#       `super-resolve`, `pix2pix` (on the packed 20,000 training images unless the machine has the Debian package),
#       `sr-quality` (on the packed skimage photos), `spade` (SPADE vs pix2pix on generated landscapes) and
#       `cyclegan` (sneaker <-> sandal on the packed training images, and --landscapes), each at its defaults
#       otherwise, and, only when named, `evaluation`: the unconditional families at the reference implementations'
#       widths (below) for STEPS_SCALE (default 1) times each family's default steps, and `textgan` at its defaults
#       (captions written from the packed images as the service's built-in import writes them). Each report goes to
#       $OUT/gpu-<benchmark>.md and the figures into $OUT/gpu-figures.tar (the device tool brings back at most 8
#       files). All of them may outlast one 10-minute call: split them over calls.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
archive=$root/.artifacts/gpu-benchmarks.tar.xz
photos=/usr/lib/python3/dist-packages/skimage/data
fashion=/usr/share/datasets/fashion-mnist
train_images=20000

case "${1:-}" in
pack)
    work=$(mktemp -d)
    dotnet publish "$root/tests/GenService.Benchmarks" -c Release -r linux-x64 --self-contained -o "$work/gpu-benchmarks" >/dev/null
    rm -f "$work"/gpu-benchmarks/{libtorch,libc10,libgomp,libshm,libbackend_with_compiler}*.so*
    mkdir "$work/gpu-benchmarks/photos" "$work/gpu-benchmarks/fashion-mnist"
    cp "$photos"/{astronaut.png,camera.png,chelsea.png,coffee.png,motorcycle_left.png,motorcycle_right.png,rocket.jpg} "$work/gpu-benchmarks/photos/"
    cp "$fashion"/t10k-*-ubyte.gz "$work/gpu-benchmarks/fashion-mnist/"
    # The whole training split (26 MB compressed) would not fit beside the program: its first $train_images images.
    python3 - "$fashion" "$work/gpu-benchmarks/fashion-mnist" "$train_images" <<'PY'
import gzip, struct, sys
source, target, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
for name, item in (("train-images-idx3-ubyte.gz", 28 * 28), ("train-labels-idx1-ubyte.gz", 1)):
    data = gzip.open(f"{source}/{name}").read()
    header = 16 if item > 1 else 8
    fields = list(struct.unpack(">" + "I" * (header // 4), data[:header]))
    fields[1] = count
    with gzip.open(f"{target}/{name}", "wb") as out:
        out.write(struct.pack(">" + "I" * len(fields), *fields) + data[header:header + count * item])
PY
    mkdir -p "$(dirname "$archive")"
    tar -C "$work" -cJf "$archive" gpu-benchmarks
    rm -rf "$work"
    ls -l "$archive"
    ;;
run)
    shift
    benchmarks=${*:-super-resolve pix2pix sr-quality spade cyclegan}
    work=$(mktemp -d)
    tar -C "$work" -xJf "$archive"
    torch_lib=${TORCH_LIB:-$(python3 -c 'import os, torch; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')}
    out=${OUT:-$root/.artifacts}
    mkdir -p "$out"
    nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
    cd "$work/gpu-benchmarks"
    # The program and the service read Fashion-MNIST from the Debian package's folder.
    if [ ! -d "$fashion" ]; then
        mkdir -p "$(dirname "$fashion")"
        ln -s "$work/gpu-benchmarks/fashion-mnist" "$fashion"
    fi
    export Torch__LibTorchDirectory=$torch_lib
    figures=$work/figures
    mkdir "$figures"
    for benchmark in $benchmarks; do
        case $benchmark in
        super-resolve) options=(--photos ./photos) ;;
        pix2pix) options=(--train-images "$train_images" --output "$figures") ;;
        # The lecture's table on the packed skimage photos (chelsea and coffee held out): the wallpapers are not packed.
        sr-quality) options=(--skimage ./photos --wallpapers ./no-wallpapers --output "$figures") ;;
        spade) options=(--output "$figures") ;;
        cyclegan) options=(--train-images "$train_images" --landscapes --output "$figures") ;;
        # Issue 19's GPU variant: the CPU defaults at the widths of the references the defaults were cut from
        # (pytorch/examples' DCGAN: 64; Karras et al. 2018: 512 maps; StyleGAN2-ADA's CIFAR-10 configuration: channel
        # base 32768 up to 512 maps, a 2-layer mapping, no style mixing, EMA ramp-up 0.05, 64 images a step).
        evaluation)
            scale=${STEPS_SCALE:-1}
            steps() { python3 -c "print(max(1, round($1 * $scale)))"; }
            options=(--images "$train_images" --output "$figures" --architectures
                "vae:steps=$(steps 2000),dcgan:base_channels=64:steps=$(steps 2000),progan:channels=512:steps=$(steps 2000),stylegan:channel_base=32768:max_channels=512:mapping_layers=2:style_mixing_probability=0:ema_ramp_up=0.05:batch_size=64:steps=$(steps 6000)")
            ;;
        textgan) options=(--output "$figures") ;;
        *)
            echo "unknown benchmark $benchmark" >&2
            exit 2
            ;;
        esac
        ./GenService.Benchmarks "$benchmark" "${options[@]}" | tee "$out/gpu-$benchmark.md"
    done
    tar -C "$figures" -cf "$out/gpu-figures.tar" .
    rm -rf "$work"
    ;;
*)
    echo "usage: $0 pack | run [super-resolve|pix2pix|sr-quality|spade|cyclegan|evaluation|textgan ...]" >&2
    exit 2
    ;;
esac
