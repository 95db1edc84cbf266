// Package slurm writes the batch scripts that run a presyn study on a Slurm
// cluster: a job array whose element K runs shard K/N of the study (`presyn energy
// ... --shard K/N`), and a collector that runs `presyn collect DIR` once every
// shard has succeeded (submitted with --dependency=afterok:<array job id>, and
// cancelled by Slurm if a shard fails).
//
// It only makes text, from a Job to a script, and reads sbatch's answer back
// (ParseJobID); it runs nothing. Every argument of a command line is quoted for
// the shell (Quote), so paths and values with spaces or quotes arrive as given.
// Submitting, and checking that the command is a presyn study, is the business of
// `presyn slurm` in internal/cli.
package slurm
