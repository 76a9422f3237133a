// jest.config.js globalTeardown: the run's temporary folder removed (run-temp-folder.js).
module.exports = () => require('./run-temp-folder').endRun();
