from actviz.cli import main

main()
