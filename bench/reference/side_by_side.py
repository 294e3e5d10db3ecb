#!/usr/bin/python3
"""Both sides' tables from raw runs: ours (the run folders `reproduce table1` writes) beside the
reference's (the JSON lines of run_reference_seed.py), with a bootstrap interval of the difference.

  # ours: one process, seeds 1..20 (one native thread)
  ./ebm reproduce table1 --dataset toy1 --only toy1/ours-k4 --runs 20 --best 5 --output runs/ours-toy1
  # the reference: one process per seed (CPU, one thread)
  for s in $(seq 1 20); do /usr/bin/python3 bench/reference/run_reference_seed.py \\
      --reference ~/ebms_proposals --dataset 1 --seed $s >> runs/reference-1.jsonl; done
  /usr/bin/python3 bench/reference/side_by_side.py --ours runs/ours-toy1/toy1/ours-k4 \\
      --reference runs/reference-1.jsonl --paper 0.032

Lower is better for both metrics (KL on dataset 1, test NLL on dataset 2). The interval is the
2.5 and 97.5 percentiles of mean(ours) - mean(reference) over 10,000 resamples of each side's seeds
(seeded, so the table is reproducible); ours is "no worse beyond the interval" when the interval
reaches 0 or below.
"""
import argparse
import glob
import json
import os
import random
import statistics


def ours(folder):
    runs = []
    for metrics in sorted(glob.glob(os.path.join(folder, "seed-*", "metrics.json"))):
        seed = int(metrics.split("seed-")[1].split(os.sep)[0])
        with open(metrics) as f:
            m = json.load(f)
        value = m.get("kl_true_ebm", m.get("test_nll_ebm"))
        runs.append({"seed": seed, "value": value, "steps_per_second": m.get("train_steps_per_second"),
                     "after_training_seconds": m.get("train_evaluation_seconds", 0) + m.get("train_artifacts_seconds", 0)})
    return sorted(runs, key=lambda r: r["seed"])


def reference(path):
    with open(path) as f:
        runs = [json.loads(line) for line in f if line.strip().startswith("{")]
    return sorted(runs, key=lambda r: r["seed"])


def summary(values, best):
    s = sorted(values)
    return {"n": len(values), "mean": statistics.mean(values), "std": statistics.stdev(values) if len(values) > 1 else 0.0,
            "median": statistics.median(values), "best": statistics.mean(s[:best]) if len(s) >= best else float("nan")}


def bootstrap(a, b, resamples=10000, seed=1):
    rng = random.Random(seed)
    diffs = sorted(statistics.mean(rng.choices(a, k=len(a))) - statistics.mean(rng.choices(b, k=len(b)))
                   for _ in range(resamples))
    return diffs[int(0.025 * resamples)], diffs[int(0.975 * resamples) - 1]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ours", required=True, help="folder with seed-N/metrics.json (reproduce's output for one setting)")
    parser.add_argument("--reference", required=True, help="JSON lines of run_reference_seed.py")
    parser.add_argument("--paper", type=float, help="the paper's best-5-of-20 figure")
    parser.add_argument("--best", type=int, default=5)
    args = parser.parse_args()
    o, r = ours(args.ours), reference(args.reference)
    ov, rv = [x["value"] for x in o], [x["value"] for x in r]
    so, sr = summary(ov, args.best), summary(rv, args.best)
    print("| side | seeds | mean ± std | median | best %d of %d | steps/s (median) |" % (args.best, max(so["n"], sr["n"])))
    print("|---|---|---|---|---|---|")
    for name, s, runs in (("ours", so, o), ("reference", sr, r)):
        sps = statistics.median([x["steps_per_second"] for x in runs if x.get("steps_per_second")] or [float("nan")])
        print("| %s | %d | %.4f ± %.4f | %.4f | %.4f | %.1f |" % (name, s["n"], s["mean"], s["std"], s["median"], s["best"], sps))
    low, high = bootstrap(ov, rv)
    print()
    print("mean(ours) - mean(reference) = %.4f, 95%% bootstrap interval [%.4f, %.4f]: %s" % (
        so["mean"] - sr["mean"], low, high,
        "ours no worse beyond the interval" if low <= 0 else "ours WORSE (the interval lies above 0)"))
    if args.paper is not None:
        print("best %d of %d: ours %.4f, reference %.4f, paper %.3f: ours %s the paper's figure" % (
            args.best, so["n"], so["best"], sr["best"], args.paper, "at or below" if so["best"] <= args.paper else "ABOVE"))
    rss = [x["peak_rss_mib"] for x in r if x.get("peak_rss_mib")]
    if rss:
        print()
        print("reference peak RSS per process: %.0f-%.0f MiB" % (min(rss), max(rss)))
    print()
    print("per seed, ours: " + " ".join("%.4f" % v for v in ov))
    print("per seed, reference: " + " ".join("%.4f" % v for v in rv))


if __name__ == "__main__":
    main()
