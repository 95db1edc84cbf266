// Package study owns the pipeline every experiment of presyn shares, in four
// steps:
//
//  1. plan: the study lists its runs, each a stable, readable ID (the run's
//     folder name, e.g. presyn_l2-0.01_seed-2019), a resolved config and a seed;
//  2. execute: any subset of the plan (all of it, one shard, the unfinished runs)
//     runs on a bounded worker pool, each run built in its own partial folder and
//     renamed into DIR/runs/<ID> when complete;
//  3. collect: the finished runs are read back from their folders as typed rows;
//     a missing or unknown column is an error naming the run;
//  4. render: tables, figures and a Markdown report section are written from the
//     collected rows alone, so `presyn collect DIR` redraws them without running
//     anything.
//
// An experiment implements Study (plan, execute one run, collect one run, render);
// this package does the rest: the results folder's marker (experiment.json, which
// records the study's name and spec so that collect can rebuild it), the check that
// finished runs were made with the planned configs, run ownership (several
// processes may share one folder: each claims its runs, see results.RunDirs), the
// worker pool, shards (--shard K/N takes the runs whose ID hashes to K), progress
// lines with an ETA, and each run's manifest (config.json, with its wall time once
// finished).
//
// Runs never depend on the number of workers or shards: a run's numbers are a
// function of its config and seed, and rows are collected in plan order.
package study
