import SutureCLI

await SutureMain.run()
