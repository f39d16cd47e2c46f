"""Shoudi (守底): prevention of return to poverty — monitoring and assistance."""
