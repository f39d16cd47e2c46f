from shoudi.cli import main

main()
