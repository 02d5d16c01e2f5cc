# Judger rule checkers (issue 3), sourced by scripts/setup.sh; idempotent.
# Data the TypeScript port reads: Punkt's English parameters (Debian's neurosnap/sentences JSON, the same
# parameters as NLTK's english.pickle) and Python langdetect's language profiles (python3-langdetect).
# The Python side of the parity harness (test/parity/run-python.sh) also needs nltk, immutabledict, absl.
apt_install golang-gopkg-neurosnap-sentences.v1-dev python3-langdetect python3-nltk python3-immutabledict python3-absl
