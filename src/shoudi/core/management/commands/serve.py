"""``shoudi serve``: collect the static files, then run gunicorn and the task worker until SIGTERM/Ctrl-C (see
``shoudi.core.serve``). ``--no-worker`` runs gunicorn alone, for a systemd unit whose worker has its own unit."""

from __future__ import annotations

import os
import shlex
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from shoudi.core import serve
from shoudi.env import env_str


class Command(BaseCommand):
    help = "生产环境网页服务（gunicorn）和后台任务进程；--no-worker 只启动网页服务"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind",
            default=None,
            help=f"监听地址 主机:端口（默认环境变量 SHOUDI_BIND，否则 {serve.DEFAULT_BIND}）",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=0,
            help=f"网页进程数（默认 2×CPU 数+1，最多 {serve.MAX_WORKERS}，且不超过内存的一半所能容纳的）",
        )
        parser.add_argument("--threads", type=int, default=serve.WebOptions.threads, help="每个网页进程的线程数")
        parser.add_argument(
            "--timeout", type=int, default=serve.WebOptions.timeout, help="一个请求最长秒数，超过则重启该进程"
        )
        parser.add_argument(
            "--max-requests",
            type=int,
            default=serve.WebOptions.max_requests,
            help="每个网页进程处理多少个请求后重启（另加随机 0–100 个，以免同时重启），限制内存缓慢增长",
        )
        parser.add_argument(
            "--forwarded-allow-ips",
            default=serve.WebOptions.forwarded_allow_ips,
            help="信任其 X-Forwarded-Proto 的反向代理地址（默认本机）",
        )
        parser.add_argument("--no-worker", action="store_true", help="不启动后台任务进程（它有单独的 systemd 单元时）")
        parser.add_argument("--no-collectstatic", action="store_true", help="启动前不收集静态文件")
        parser.add_argument("--print", action="store_true", help="只打印将要运行的命令，不启动")

    def handle(self, *args: Any, **options: Any) -> None:
        web = serve.WebOptions(
            bind=options["bind"] or env_str("SHOUDI_BIND", serve.DEFAULT_BIND),
            workers=options["workers"],
            threads=options["threads"],
            timeout=options["timeout"],
            max_requests=options["max_requests"],
            forwarded_allow_ips=options["forwarded_allow_ips"],
        )
        children = {"网页服务": serve.gunicorn_argv(web)}
        if not options["no_worker"]:
            children["后台任务进程"] = serve.worker_argv()
        if options["print"]:
            for argv in children.values():
                self.stdout.write(shlex.join(argv))
            return
        if not options["no_collectstatic"]:
            # WhiteNoise serves the package's own files either way (WHITENOISE_USE_FINDERS); a current STATIC_ROOT
            # is for an nginx `alias` and keeps WhiteNoise from warning that the directory is missing
            call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"守底网页服务: http://{web.bind}/")
        self.stdout.flush()
        if options["no_worker"]:
            argv = children["网页服务"]
            os.execv(argv[0], argv)  # noqa: S606 - gunicorn replaces this process (systemd signals the arbiter)
        sys.exit(serve.supervise(children, say=self.stdout.write))
