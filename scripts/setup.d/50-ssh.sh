# Remote rounds (issue 6): the loopback sshd test bed needs OpenSSH's server (never started as the system
# service: tests run private sshd instances on 127.0.0.1), ssh-keygen, python3 for the stand-in trainer and
# host checks, and procps/util-linux for the job runner (ps, setsid, flock, runuser).
apt_install openssh-server openssh-client python3 procps util-linux
