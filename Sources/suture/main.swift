import SutureCLI

await SutureCommand.main()
