// jest.config.js globalSetup: the run's temporary folder (run-temp-folder.js).
module.exports = () => require('./run-temp-folder').startRun();
